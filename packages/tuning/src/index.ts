// @skyport/tuning: the workload simulator and the recommendation engine (issue 16).
export * from "./settings.ts";
export * from "./simulator.ts";
export * from "./stats.ts";
export * from "./workload.ts";
