// @skyport/provisioning: the adapters that turn a deployment spec (@skyport/deployment-spec) into
// a runtime — Kubernetes manifest rendering and validation, the applier that reconciles rendered
// objects into a cluster, the runtime's metadata database, and environment delivery.
export * from "./environment/connection-value.ts";
export * from "./environment/delivery.ts";
export * from "./environment/names.ts";
export * from "./environment/telemetry.ts";
export * from "./kube/api-error.ts";
export * from "./kube/applied-hash.ts";
export * from "./kube/applier.ts";
export * from "./kube/cluster-config.ts";
export * from "./kube/live-drift.ts";
export * from "./kube/object-key.ts";
export * from "./kube/readiness.ts";
export * from "./kube/runtime-secrets.ts";
export * from "./manifests/manifest-files.ts";
export { AIRFLOW_CONFIG_MAP, airflowConfigData } from "./render/airflow-config.ts";
export {
  bundleSyncComponentNames,
  bundleSyncReporters,
} from "./render/bundle-sync.ts";
export { kedaQuery } from "./render/celery-workers.ts";
export type { RenderContext } from "./render/context.ts";
export { RenderInputError, type RenderIssue } from "./render/context.ts";
export { ENVIRONMENT_SECRET, environmentChecksum } from "./render/environment.ts";
export * from "./render/labels.ts";
export { POD_SECURITY_ENFORCE_VERSION } from "./render/namespace.ts";
export * from "./render/pod-security.ts";
export { type AirflowProcessEnvironment, airflowProcessEnvironment } from "./render/process-environment.ts";
export { type QuotaTotals, quotaTotals } from "./render/quota.ts";
export { renderDeployment } from "./render/render-deployment.ts";
export { SECRET_NAMES } from "./render/secrets.ts";
export { statsdMetricsUrl } from "./render/statsd.ts";
export * from "./render/types.ts";
export { toYamlDocuments } from "./render/yaml.ts";
export * from "./runtime-db/metadata-database.ts";
export * from "./runtime-db/scram.ts";
export { RuntimeTargetError } from "./runtime-target-error.ts";
export { generateRuntimeSecrets } from "./secrets.ts";
export { KINDS, type KindInfo, kindInfo } from "./validate/schemas.ts";
export { type ObjectIssue, validateObject } from "./validate/validate-object.ts";
