export * from "./mapping.ts";
export * from "./prometheus.ts";
export * from "./registry.ts";
export * from "./samples.ts";
export * from "./statsd.ts";
export * from "./store.ts";
