export * from "./seed.ts";
export * from "./stripe-client.ts";
