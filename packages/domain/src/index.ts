export * from "./health/health.ts";
export * from "./version.ts";
