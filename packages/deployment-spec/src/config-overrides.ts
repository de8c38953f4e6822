// Which Airflow settings customers may override, and within which ranges.
//
// Overrides reach every Airflow container as AIRFLOW__SECTION__KEY environment variables, so a
// refused key is one whose override would let a tenant reach outside its deployment (another
// database, broker or namespace), read or replace a platform-held secret, make Airflow run a
// command or import path inside platform-managed processes, blind Skyport's monitoring, or break
// the wiring the renderer relies on (ports, URLs, the executor). Everything else is allowed;
// the settings in RANGED_SETTINGS additionally have documented bounds.

export interface RefusedSetting {
  readonly section: string;
  readonly key: string;
  readonly reason: string;
}

const ISOLATION = "would let the deployment reach outside its own isolated runtime";
const PLATFORM_SECRET = "is a platform-held secret, stored only in the deployment's Kubernetes Secret";
const WIRING = "is set by Skyport to wire the deployment's components together";
const MONITORING = "is set by Skyport so it can monitor the deployment (StatsD metrics)";
const AUTH = "is part of UI and API authentication, which Skyport manages";
const CODE = "names Python code that platform-managed processes would import";
const CREDENTIALS = "can carry credentials, and overrides are stored and shown in plain text";

function refuse(reason: string, ...keys: string[]): RefusedSetting[] {
  return keys.map((dotted) => {
    const [section = "", key = ""] = dotted.split(".");
    return { section, key, reason };
  });
}

/** Both section names Airflow has used for the KubernetesExecutor (`kubernetes` before 2.5). */
function kubernetesExecutor(reason: string, ...keys: string[]): RefusedSetting[] {
  return keys.flatMap((key) => refuse(reason, `kubernetes.${key}`, `kubernetes_executor.${key}`));
}

export const REFUSED_SETTINGS: readonly RefusedSetting[] = [
  ...refuse(
    PLATFORM_SECRET,
    "core.fernet_key",
    "webserver.secret_key",
    "api.secret_key",
    "api_auth.jwt_secret",
  ),
  ...refuse(PLATFORM_SECRET, "api_auth.jwt_private_key_path", "core.internal_api_secret_key"),
  ...refuse(
    ISOLATION,
    "database.sql_alchemy_conn",
    "core.sql_alchemy_conn",
    "database.sql_alchemy_connect_args",
  ),
  ...refuse(ISOLATION, "celery.broker_url", "celery.result_backend", "celery.celery_result_backend"),
  ...refuse(ISOLATION, "core.execution_api_server_url", "core.internal_api_url"),
  ...kubernetesExecutor(
    ISOLATION,
    "namespace",
    "multi_namespace_mode",
    "multi_namespace_mode_namespace_list",
  ),
  ...kubernetesExecutor(ISOLATION, "in_cluster", "config_file", "cluster_context"),
  ...kubernetesExecutor(
    "must stay Skyport's pod template, which meets the namespace's restricted Pod Security profile",
    "pod_template_file",
    "worker_container_repository",
    "worker_container_tag",
  ),
  ...refuse("is chosen with the deployment's executor field", "core.executor"),
  ...refuse(CODE, "celery.celery_config_options", "metrics.statsd_custom_client_path"),
  ...refuse(
    "conflicts with the worker queue's own concurrency and KEDA autoscaling; set them on the queue",
    "celery.worker_autoscale",
  ),
  ...refuse(
    "Skyport's worker queues and autoscaling rely on the `default` queue name",
    "operators.default_queue",
  ),
  ...refuse(
    WIRING,
    "core.hostname_callable",
    "scheduler.standalone_dag_processor",
    "logging.base_log_folder",
  ),
  ...refuse(WIRING, "webserver.base_url", "webserver.web_server_port", "webserver.web_server_host"),
  ...refuse(WIRING, "api.base_url", "api.port", "api.host"),
  ...refuse(
    MONITORING,
    "metrics.statsd_on",
    "metrics.statsd_host",
    "metrics.statsd_port",
    "metrics.statsd_prefix",
    "metrics.statsd_influxdb_enabled",
  ),
  ...refuse(MONITORING, "metrics.metrics_allow_list", "metrics.metrics_block_list"),
  ...refuse(MONITORING, "metrics.statsd_allow_list", "metrics.statsd_block_list"),
  ...refuse(AUTH, "core.auth_manager", "api.auth_backends", "webserver.auth_backends"),
  ...refuse(CREDENTIALS, "secrets.backend", "secrets.backend_kwargs", "logging.remote_task_handler_kwargs"),
  ...refuse(CREDENTIALS, "elasticsearch.host", "opensearch.host", "smtp.smtp_user"),
];

/** Key names that look like credentials, whatever their section (smtp.smtp_password, ...). */
const CREDENTIAL_KEY = /(password|passwd|secret|token|credential|private_key|api_key|access_key)/;

export function refusalReason(section: string, key: string): string | undefined {
  const listed = REFUSED_SETTINGS.find((entry) => entry.section === section && entry.key === key);
  if (listed) return listed.reason;
  // Airflow reads `<key>_cmd` by running a shell command and `<key>_secret` from the secrets
  // backend, in every component: either would run or fetch whatever the override names.
  if (key.endsWith("_cmd")) return "is a `_cmd` setting: Airflow would run it as a shell command";
  if (key.endsWith("_secret")) return "is a `_secret` setting: Airflow would fetch it from a secrets backend";
  if (CREDENTIAL_KEY.test(key)) return `looks like a credential; ${CREDENTIALS}`;
  return undefined;
}

type ValueRule =
  | { readonly kind: "integer"; readonly min: number; readonly max: number; readonly what: string }
  | { readonly kind: "boolean"; readonly what: string }
  | { readonly kind: "enum"; readonly values: readonly string[]; readonly what: string };

export interface RangedSetting {
  readonly section: string;
  readonly key: string;
  readonly rule: ValueRule;
}

function integer(dotted: string, min: number, max: number, what: string): RangedSetting {
  const [section = "", key = ""] = dotted.split(".");
  return { section, key, rule: { kind: "integer", min, max, what } };
}

function boolean(dotted: string, what: string): RangedSetting {
  const [section = "", key = ""] = dotted.split(".");
  return { section, key, rule: { kind: "boolean", what } };
}

function oneOf(dotted: string, values: readonly string[], what: string): RangedSetting {
  const [section = "", key = ""] = dotted.split(".");
  return { section, key, rule: { kind: "enum", values, what } };
}

/**
 * Documented bounds. The upper bounds keep a single deployment within what its sizes can
 * serve (e.g. 64 concurrent tasks on one worker is already 16 per CPU of an L worker); the
 * lower bounds are where Airflow stops working (0 parallelism schedules nothing).
 * Airflow 3 moved DAG parsing settings to [dag_processor] and the webserver's to [api]; each
 * spelling is accepted only on the runtime line that reads it (see runtime-lines.ts).
 */
export const RANGED_SETTINGS: readonly RangedSetting[] = [
  integer("core.parallelism", 1, 1024, "task instances running at once across the deployment"),
  integer("core.max_active_tasks_per_dag", 1, 1024, "task instances running at once per DAG"),
  integer("core.max_active_runs_per_dag", 1, 256, "active DAG runs per DAG"),
  integer("core.dagbag_import_timeout", 1, 600, "seconds allowed to import one DAG file"),
  integer("core.dag_file_processor_timeout", 1, 600, "seconds allowed to process one DAG file (Airflow 2)"),
  integer(
    "dag_processor.dag_file_processor_timeout",
    1,
    600,
    "seconds allowed to process one DAG file (Airflow 3)",
  ),
  integer("core.default_task_retries", 0, 10, "retries for tasks that set none"),
  integer("celery.worker_concurrency", 1, 64, "tasks one Celery worker runs at once (queue default)"),
  integer("scheduler.parsing_processes", 1, 16, "DAG parsing processes (Airflow 2)"),
  integer("dag_processor.parsing_processes", 1, 16, "DAG parsing processes (Airflow 3)"),
  integer(
    "scheduler.min_file_process_interval",
    0,
    3600,
    "seconds between re-parses of a DAG file (Airflow 2)",
  ),
  integer("dag_processor.min_file_process_interval", 0, 3600, "seconds between re-parses of a DAG file"),
  integer("scheduler.dag_dir_list_interval", 5, 3600, "seconds between DAG folder scans (Airflow 2)"),
  integer("dag_processor.refresh_interval", 5, 3600, "seconds between DAG folder scans (Airflow 3)"),
  integer("scheduler.max_dagruns_to_create_per_loop", 1, 100, "DAG runs created per scheduler loop"),
  integer("scheduler.max_tis_per_query", 0, 1024, "task instances per scheduling query (0 = parallelism)"),
  integer("scheduler.scheduler_heartbeat_sec", 1, 60, "seconds between scheduler heartbeats"),
  integer("webserver.workers", 1, 8, "webserver worker processes (Airflow 2)"),
  integer("api.workers", 1, 8, "API server worker processes (Airflow 3)"),
  boolean("core.dags_are_paused_at_creation", "whether new DAGs start paused"),
  boolean("core.load_examples", "whether Airflow's example DAGs are loaded"),
  boolean("scheduler.catchup_by_default", "whether DAGs catch up missed runs by default"),
  oneOf("webserver.expose_config", ["False", "non-sensitive-only"], "configuration shown in the UI"),
  oneOf("api.expose_config", ["False", "non-sensitive-only"], "configuration shown in the UI"),
  oneOf("logging.logging_level", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], "log level"),
];

export function rangedSetting(section: string, key: string): RangedSetting | undefined {
  return RANGED_SETTINGS.find((entry) => entry.section === section && entry.key === key);
}

export const MAX_OVERRIDE_VALUE_LENGTH = 1000;

export type ValueCheck = { ok: true; value: string } | { ok: false; message: string };

/** Validates and canonicalises an override value ("032" → "32", "true" → "True"). */
export function checkOverrideValue(section: string, key: string, raw: string): ValueCheck {
  const value = raw.trim();
  if (value.length > MAX_OVERRIDE_VALUE_LENGTH) {
    return { ok: false, message: `must be at most ${MAX_OVERRIDE_VALUE_LENGTH} characters` };
  }
  // Control characters would smuggle extra lines into rendered YAML and env files.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
  if (/[\u0000-\u001f\u007f]/.test(value))
    return { ok: false, message: "must not contain control characters" };
  const ranged = rangedSetting(section, key);
  if (!ranged) return { ok: true, value };
  const rule = ranged.rule;
  switch (rule.kind) {
    case "integer": {
      const bounds = `${section}.${key} (${rule.what}) must be a whole number from ${rule.min} to ${rule.max}`;
      if (!/^\d+$/.test(value)) return { ok: false, message: bounds };
      const parsed = Number(value);
      if (parsed < rule.min || parsed > rule.max) return { ok: false, message: bounds };
      return { ok: true, value: String(parsed) };
    }
    case "boolean": {
      const lower = value.toLowerCase();
      if (lower !== "true" && lower !== "false") {
        return { ok: false, message: `${section}.${key} (${rule.what}) must be True or False` };
      }
      return { ok: true, value: lower === "true" ? "True" : "False" };
    }
    case "enum": {
      const match = rule.values.find((allowed) => allowed.toLowerCase() === value.toLowerCase());
      if (!match) {
        return {
          ok: false,
          message: `${section}.${key} (${rule.what}) must be one of ${rule.values.join(", ")}`,
        };
      }
      return { ok: true, value: match };
    }
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}

/** The environment variable Airflow reads a setting from. */
export function airflowEnvName(section: string, key: string): string {
  return `AIRFLOW__${section.toUpperCase()}__${key.toUpperCase()}`;
}
