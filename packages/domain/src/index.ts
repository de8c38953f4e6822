export * from "./alerts/alerts.types.ts";
export * from "./alerts/channels.ts";
export * from "./alerts/console-reads.ts";
export * from "./alerts/delivery.ts";
export * from "./alerts/engine.ts";
export * from "./alerts/evaluate.ts";
export * from "./alerts/patterns.ts";
export * from "./alerts/rules.ts";
export * from "./alerts/schedule.ts";
export * from "./api-tokens/api-tokens.types.ts";
export * from "./api-tokens/authenticate.ts";
export * from "./api-tokens/create.ts";
export * from "./api-tokens/list.ts";
export * from "./api-tokens/revoke.ts";
export * from "./api-tokens/secret.ts";
export * from "./api-tokens/token-roles.ts";
export * from "./api-tokens/view.ts";
export * from "./audit/anchor.ts";
export * from "./audit/audit.types.ts";
export * from "./audit/canonical.ts";
export * from "./audit/events.ts";
// Audit events are written only by mutate() (and the named grounds in shared/mutation.ts).
export type { AuditTarget } from "./audit/record.ts";
export * from "./audit/redact.ts";
export * from "./audit/stream.ts";
export * from "./audit/verify.ts";
export * from "./audit/verify-log.ts";
export * from "./authz/authorize.ts";
export * from "./authz/permissions.ts";
export * from "./authz/roles.ts";
export * from "./billing/index.ts";
export * from "./clerk/events.ts";
export * from "./clerk/roles.ts";
export * from "./clerk/sync.ts";
export * from "./deployments/airflow-sign-in.ts";
export * from "./deployments/airflow-sign-in.types.ts";
export * from "./deployments/catalog.ts";
export * from "./deployments/deployments.ts";
export * from "./deployments/deployments.types.ts";
export * from "./deployments/logs.ts";
export * from "./deployments/logs.types.ts";
export * from "./deployments/namespace.ts";
export * from "./deployments/reconcile.ts";
export * from "./deployments/spec.ts";
export * from "./deployments/worker-queues.ts";
export {
  type BundleCollection,
  bundleObjectKey,
  collectUnusedBundles,
  DEFAULT_BUNDLE_RETENTION_MS,
  type DeployServices,
  getBundle,
  type UploadBundleInput,
  uploadBundle,
} from "./deploys/bundles.ts";
export * from "./deploys/deploys.ts";
export * from "./deploys/deploys.types.ts";
export * from "./deploys/image-rollout.ts";
export * from "./deploys/images.ts";
export * from "./deploys/images.types.ts";
export * from "./deploys/rollout.ts";
export * from "./deploys/runtime.ts";
export * from "./environment/airflow-connection.types.ts";
export * from "./environment/airflow-connections.ts";
export * from "./environment/airflow-variables.ts";
export type { ConnectionExtra, ConnectionFields } from "./environment/connection-fields.ts";
export * from "./environment/delivery.ts";
export * from "./environment/dotenv.ts";
export * from "./environment/environment.types.ts";
export * from "./environment/environment-variables.ts";
export * from "./environment/import-dotenv.ts";
export * from "./environment/key-value.types.ts";
export type { BulkMode, KeyValueBulkResult } from "./environment/key-value-bulk.ts";
export type { KeyValueView } from "./environment/key-value-views.ts";
export { MAX_LINKED_DEPLOYMENTS } from "./environment/links.ts";
export { ENVIRONMENT_PERMISSIONS, type EnvironmentScope } from "./environment/scope.ts";
export * from "./environment/services.ts";
export * from "./health/health.ts";
export * from "./idempotency/idempotency-keys.ts";
export * from "./identity/credentials.ts";
export * from "./identity/rate-limit.ts";
export * from "./identity/sign-in.ts";
export { type SignedUp, type SignUpContext, type SignUpInput, signUp } from "./identity/sign-up.ts";
export * from "./identity/users.ts";
export * from "./invitations/invitations.ts";
export * from "./invitations/invitations.types.ts";
export * from "./invitations/signing.ts";
export * from "./organizations/members.ts";
export {
  createOrganization,
  getOrganization,
  listMyOrganizations,
  renameOrganization,
} from "./organizations/organizations.ts";
export * from "./organizations/organizations.types.ts";
export * from "./organizations/slug.ts";
export * from "./reports/commands.ts";
export * from "./reports/delivery.ts";
export * from "./reports/evaluate.ts";
export * from "./reports/links.ts";
export * from "./reports/reports.ts";
export * from "./reports/reports.types.ts";
export * from "./reports/run.ts";
export * from "./reports/schedule.ts";
export * from "./reports/status-page.ts";
export * from "./reports/subscribers.ts";
export * from "./role-bindings/deployment-admins.ts";
export * from "./role-bindings/role-bindings.types.ts";
export * from "./role-bindings/workspace-members.ts";
export * from "./secrets/errors.ts";
export * from "./secrets/keyring.ts";
export { SEALED_COLUMNS, type SealedColumn } from "./secrets/registry.ts";
export * from "./secrets/rotate-data-key.ts";
export * from "./secrets/rotate-kek.ts";
export { createSecretBox } from "./secrets/secret-box.ts";
export * from "./secrets/types.ts";
export * from "./shared/actor.ts";
export * from "./shared/errors.ts";
export * from "./shared/fields.types.ts";
// No way to write or audit without authorizing leaves the package: only the context type.
export type { MutationContext } from "./shared/mutation.ts";
export * from "./shared/nul-text.ts";
export * from "./shared/pagination.ts";
export * from "./shared/prisma-errors.ts";
export { fieldIssuesOf } from "./shared/validate.ts";
export * from "./teams/teams.ts";
export * from "./teams/teams.types.ts";
export * from "./telemetry/derive.ts";
export * from "./telemetry/ingest.ts";
export * from "./telemetry/ingest-token.ts";
export * from "./telemetry/metrics.ts";
export * from "./telemetry/metrics.types.ts";
export * from "./telemetry/openlineage-schema.ts";
export * from "./telemetry/overview.ts";
export * from "./telemetry/raw-store.ts";
export * from "./telemetry/runs.ts";
export * from "./telemetry/telemetry.types.ts";
export * from "./telemetry/telemetry-overview.types.ts";
export * from "./tuning/recommendations.ts";
export * from "./tuning/recommendations.types.ts";
export * from "./tuning/recompute.ts";
export * from "./version.ts";
export * from "./workspaces/list-workspaces.ts";
export * from "./workspaces/workspaces.ts";
export * from "./workspaces/workspaces.types.ts";
