// The provisioning slice (entry `@skyport/domain/provisioning`): the reconciler that converges a
// deployment's runtime and drives its status, behind the slice's repository. Server-only (it
// reaches PostgreSQL and Kubernetes through the adapters it is given), so it is not part of the
// domain's main entry, which the console also loads.
export * from "./deployment-status.ts";
export * from "./drift-sweep.ts";
export * from "./errors.ts";
export * from "./lifecycle.ts";
export * from "./readiness.ts";
export * from "./reconcile-lock.ts";
export * from "./reconciler.ts";
export * from "./repository.ts";
export * from "./targets.ts";
