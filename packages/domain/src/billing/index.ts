export * from "./billing.ts";
export * from "./billing.types.ts";
export * from "./limits.ts";
export * from "./metering.ts";
export * from "./runtime.ts";
export * from "./seed.ts";
export * from "./stripe-client.ts";
export * from "./sync.ts";
