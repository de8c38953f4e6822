// Airflow configuration as environment: non-secret settings in the `airflow-config` ConfigMap
// (consumed with envFrom), secret ones referenced from Secrets. Settings come in three layers,
// later winning: Skyport defaults customers may override, the customer's overrides, and the
// platform-managed settings (refused as overrides, so they can never be shadowed).

import { airflowEnvName, DEFAULT_QUEUE, overrideEnvName } from "@skyport/deployment-spec";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IEnvFromSource } from "kubernetes-models/v1/EnvFromSource";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { RenderContext } from "./context.ts";
import { ENVIRONMENT_SECRET } from "./environment.ts";
import { gitSourceSettings } from "./git-source.ts";
import { ownershipLabels } from "./labels.ts";
import { openLineageSecretKey, SECRET_NAMES } from "./secrets.ts";

export const AIRFLOW_CONFIG_MAP = "airflow-config";
export const AIRFLOW_HOME = "/opt/airflow";
export const UI_PORT = 8080;
export const WORKER_LOG_PORT = 8793;
export const TRIGGERER_LOG_PORT = 8794;
export const STATSD_SERVICE = "statsd-exporter";
export const STATSD_PORT = 9125;
export const STATSD_METRICS_PORT = 9102;
export const POD_TEMPLATE_DIR = "/opt/skyport/pod-template";
export const POD_TEMPLATE_FILE = "pod_template.yaml";

export interface Setting {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

function setting(dotted: string, value: string): Setting {
  const [section = "", key = ""] = dotted.split(".");
  return { section, key, value };
}

/** Overridable starting points that differ from Airflow's own defaults. */
export function defaultSettings(): Setting[] {
  return [setting("core.load_examples", "False"), setting("core.dags_are_paused_at_creation", "True")];
}

/** Settings that wire the deployment together. Every one of these is in REFUSED_SETTINGS
 * (a test keeps it that way). */
export function platformSettings(ctx: RenderContext): Setting[] {
  const { runtime, celery, namespace, host } = ctx;
  const settings = [
    setting("core.executor", celery ? "CeleryExecutor" : "KubernetesExecutor"),
    // Log fetching from workers goes by pod IP: Deployment pods have no resolvable hostnames.
    setting("core.hostname_callable", "airflow.utils.net.get_host_ip_address"),
    setting("logging.base_log_folder", `${AIRFLOW_HOME}/logs`),
    // StatsD to the namespace's statsd-exporter (environment/telemetry.ts).
    ...ctx.telemetry.settings,
  ];
  if (runtime.major === 2) {
    settings.push(
      // Skyport always runs the DAG processor as its own component (mandatory on 3.x, chosen
      // on 2.x so both lines share one topology and the scheduler never parses DAG files).
      setting("scheduler.standalone_dag_processor", "True"),
      setting("webserver.base_url", `https://${host}`),
      setting("webserver.web_server_port", String(UI_PORT)),
    );
  } else {
    settings.push(
      setting("api.base_url", `https://${host}`),
      setting("api.port", String(UI_PORT)),
      // Airflow 3 workers and task pods report through the API server's execution API.
      setting("core.execution_api_server_url", `http://api-server:${UI_PORT}/execution/`),
    );
  }
  if (celery) settings.push(setting("operators.default_queue", DEFAULT_QUEUE));
  else {
    settings.push(
      setting("kubernetes_executor.namespace", namespace),
      setting("kubernetes_executor.in_cluster", "True"),
      setting("kubernetes_executor.pod_template_file", `${POD_TEMPLATE_DIR}/${POD_TEMPLATE_FILE}`),
    );
  }
  return settings;
}

export function airflowConfigData(ctx: RenderContext): Record<string, string> {
  const data: Record<string, string> = {};
  // The OpenLineage namespace is a default: a customer's own namespace wins.
  for (const entry of [...defaultSettings(), ...ctx.telemetry.defaults])
    data[airflowEnvName(entry.section, entry.key)] = entry.value;
  for (const override of ctx.input.spec.airflowConfigOverrides)
    data[overrideEnvName(override)] = override.value;
  // The Git source's bundle list: the spec refuses overriding it beside a Git source.
  for (const entry of [...gitSourceSettings(ctx), ...platformSettings(ctx)])
    data[airflowEnvName(entry.section, entry.key)] = entry.value;
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b)));
}

export function renderAirflowConfigMap(ctx: RenderContext): IConfigMap & { metadata: { name: string } } {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: AIRFLOW_CONFIG_MAP, namespace: ctx.namespace, labels: ownershipLabels(ctx.owner) },
    data: airflowConfigData(ctx),
  };
}

function fromSecret(name: string, secret: string, key: string): IEnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** Secret-backed settings every Airflow process needs. */
export function airflowSecretEnv(ctx: RenderContext): IEnvVar[] {
  const env: IEnvVar[] = [
    fromSecret("AIRFLOW__CORE__FERNET_KEY", SECRET_NAMES.fernetKey, "fernet-key"),
    fromSecret("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", SECRET_NAMES.metadataDb, "sql-alchemy-conn"),
    // The chart's name for the metadata connection; KEDA's trigger reads it from the worker.
    fromSecret("AIRFLOW_CONN_AIRFLOW_DB", SECRET_NAMES.metadataDb, "connection"),
  ];
  if (ctx.runtime.major === 2) {
    env.push(fromSecret("AIRFLOW__WEBSERVER__SECRET_KEY", SECRET_NAMES.apiSecretKey, "secret-key"));
  } else {
    env.push(
      fromSecret("AIRFLOW__API__SECRET_KEY", SECRET_NAMES.apiSecretKey, "secret-key"),
      fromSecret("AIRFLOW__API_AUTH__JWT_SECRET", SECRET_NAMES.apiSecretKey, "jwt-secret"),
    );
  }
  if (ctx.celery) {
    env.push(
      fromSecret("AIRFLOW__CELERY__BROKER_URL", SECRET_NAMES.broker, "url"),
      fromSecret("AIRFLOW__CELERY__RESULT_BACKEND", SECRET_NAMES.metadataDb, "result-backend"),
    );
  }
  // Skyport's OpenLineage transport (composed with the customer's own, if any): `env` beats
  // the environment Secret's `envFrom`, and the customer's value is inside the composite.
  for (const name of Object.keys(ctx.telemetry.secretEnvironment))
    env.push(fromSecret(name, SECRET_NAMES.openLineage, openLineageSecretKey(name)));
  return env;
}

/**
 * Configuration first, then the customer's environment: for a name in both (a free-form setting
 * given both as a spec override and as a variable), the later source, the variable, wins.
 * Nothing the platform sets or bounds can be overridden this way: those names are refused when
 * written (and again at render), and secret-backed settings come through `env`, which beats
 * `envFrom` anyway.
 */
export function airflowEnvFrom(): IEnvFromSource[] {
  return [{ configMapRef: { name: AIRFLOW_CONFIG_MAP } }, { secretRef: { name: ENVIRONMENT_SECRET } }];
}
