// renderDeployment: one deployment's desired Kubernetes objects, in apply order (the namespace
// before what lives in it, config before the pods reading it, the Deployment before the
// ScaledObject targeting it). Pure: same input, same objects, no I/O.
import { canonicalJson, sha256Hex } from "@skyport/deployment-spec/canonical-json";
import { renderAirflowComponents, renderMigrationJob } from "./airflow-components.ts";
import { airflowConfigData, renderAirflowConfigMap } from "./airflow-config.ts";
import { renderBroker } from "./broker.ts";
import { bundleSyncEnabled, renderBundleCredentialSecret, renderBundleSyncConfigMap } from "./bundle-sync.ts";
import { renderWorkerDeployment, renderWorkerScaledObject } from "./celery-workers.ts";
import { buildContext } from "./context.ts";
import { renderEnvironmentSecret } from "./environment.ts";
import { renderIngress, renderUiService } from "./exposure.ts";
import { renderPodTemplateConfigMap } from "./kubernetes-executor.ts";
import { renderLimitRange, renderNamespace, renderResourceQuota } from "./namespace.ts";
import { renderNetworkPolicies } from "./network-policies.ts";
import { renderServiceAccounts } from "./rbac.ts";
import { renderSecrets, SECRET_NAMES } from "./secrets.ts";
import { renderStatsd, statsdMappings } from "./statsd.ts";
import type { KubeObject, RenderInput } from "./types.ts";

function checksum(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

export function renderDeployment(input: RenderInput): KubeObject[] {
  const ctx = buildContext(input);
  const secrets = renderSecrets(ctx);
  // Airflow reads config and secrets once, at start: the pods carry a checksum of both so any
  // change rolls them. (A hash of 256-bit random secrets reveals nothing about them.)
  const configChecksum = checksum({
    config: airflowConfigData(ctx),
    secrets: secrets.map((secret) => [secret.metadata.name, secret.stringData]),
  });
  const brokerChecksum = checksum(
    secrets.find((s) => s.metadata.name === SECRET_NAMES.broker)?.stringData ?? {},
  );
  const { accounts, roles } = renderServiceAccounts(ctx);
  const statsd = renderStatsd(ctx, checksum(statsdMappings(ctx.runtime.major)));
  const airflow = renderAirflowComponents(ctx, configChecksum);
  const broker = ctx.celery ? renderBroker(ctx, brokerChecksum) : undefined;
  const queues = ctx.input.spec.workerQueues;

  const objects: object[] = [
    renderNamespace(ctx),
    renderResourceQuota(ctx),
    renderLimitRange(ctx),
    ...renderNetworkPolicies(ctx),
    ...accounts,
    ...roles,
    ...secrets,
    renderEnvironmentSecret(
      ctx.namespace,
      ctx.owner,
      ctx.environment.entries,
      ctx.input.secrets === "redacted",
    ),
    renderAirflowConfigMap(ctx),
    ...(bundleSyncEnabled(ctx) ? [renderBundleCredentialSecret(ctx), renderBundleSyncConfigMap(ctx)] : []),
    statsd.configMap,
    ...(ctx.celery ? [] : [renderPodTemplateConfigMap(ctx)]),
    renderUiService(ctx),
    statsd.service,
    ...(broker ? [broker.service] : []),
    renderMigrationJob(ctx),
    ...(broker ? [broker.deployment] : []),
    statsd.deployment,
    ...airflow.deployments,
    ...queues.map((queue) => renderWorkerDeployment(ctx, queue, configChecksum)),
    ...airflow.budgets,
    ...queues.map((queue) => renderWorkerScaledObject(ctx, queue)),
    renderIngress(ctx),
  ];
  return objects as KubeObject[];
}
