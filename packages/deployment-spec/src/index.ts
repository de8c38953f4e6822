// @skyport/deployment-spec: the rules of a deployment spec that the domain, the console and the
// CLI share — runtime catalog, sizes, Airflow config overrides, the schema and its parser. No
// Node-only imports here, so the console's browser bundle can use it; the spec hash (node:crypto)
// is the separate entry `@skyport/deployment-spec/hash`.
export * from "./catalog.ts";
export * from "./config-overrides.ts";
export * from "./git-source.ts";
export * from "./parse.ts";
export * from "./runtime-lines.ts";
export * from "./schema.ts";
export * from "./sizes.ts";
