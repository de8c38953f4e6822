// @skyport/local-runtime: real Apache Airflow on this machine — the installer of cached virtual
// environments per runtime version, and the `local` provisioning target's process supervisor.

export * from "./autoscaler.ts";
export * from "./environment.ts";
export * from "./install.ts";
export * from "./local-runtimes.ts";
export * from "./logs.ts";
export * from "./processes.ts";
export * from "./python.ts";
export * from "./runtime-files.ts";
export * from "./supervisor.ts";
