// @skyport/provisioning: deployment specs, Kubernetes manifest rendering and validation, and
// the applier that reconciles rendered objects into a cluster.
export * from "./environment/connection-value.ts";
export * from "./environment/delivery.ts";
export * from "./environment/names.ts";
export * from "./kube/api-error.ts";
export * from "./kube/applied-hash.ts";
export * from "./kube/applier.ts";
export * from "./kube/cluster-config.ts";
export * from "./kube/object-key.ts";
export * from "./kube/readiness.ts";
export * from "./manifests/manifest-files.ts";
export { RenderInputError, type RenderIssue } from "./render/context.ts";
export { ENVIRONMENT_SECRET, environmentChecksum } from "./render/environment.ts";
export * from "./render/labels.ts";
export { POD_SECURITY_ENFORCE_VERSION } from "./render/namespace.ts";
export * from "./render/pod-security.ts";
export { type QuotaTotals, quotaTotals } from "./render/quota.ts";
export { renderDeployment } from "./render/render-deployment.ts";
export { SECRET_NAMES } from "./render/secrets.ts";
export * from "./render/types.ts";
export { toYamlDocuments } from "./render/yaml.ts";
export * from "./runtime-db/metadata-database.ts";
export * from "./runtime-db/scram.ts";
export { generateRuntimeSecrets } from "./secrets.ts";
export * from "./spec/catalog.ts";
export * from "./spec/config-overrides.ts";
export * from "./spec/hash.ts";
export * from "./spec/parse.ts";
export {
  type ConfigOverride,
  DEFAULT_QUEUE,
  DEFAULT_WORKER_CONCURRENCY,
  type DeploymentSpec,
  type DeploymentSpecInput,
  EXECUTORS,
  type Executor,
  MAX_CONTACT_EMAILS,
  MAX_WORKER_QUEUES,
  MAX_WORKERS_PER_QUEUE,
  type WorkerQueue,
} from "./spec/schema.ts";
export * from "./spec/sizes.ts";
export { KINDS, type KindInfo, kindInfo } from "./validate/schemas.ts";
export { type ObjectIssue, validateObject } from "./validate/validate-object.ts";
