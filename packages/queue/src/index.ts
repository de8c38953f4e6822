export * from "./catalog.ts";
export * from "./producer.ts";
export * from "./redis.ts";
export * from "./runtime.ts";
