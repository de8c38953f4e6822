// @skyport/tuning: the workload simulator and the recommendation engine (issue 16).
export * from "./changes.ts";
export * from "./engine.ts";
export * from "./history.ts";
export * from "./observation.ts";
export * from "./rules.ts";
export * from "./rules-table.ts";
export * from "./safety.ts";
export * from "./settings.ts";
export * from "./simulator.ts";
export * from "./stats.ts";
export * from "./workload.ts";
