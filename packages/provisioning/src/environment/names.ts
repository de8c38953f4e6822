// The names customer objects take in a deployment's environment, and which of them are reserved.
// Environment variables arrive as they are named; Airflow connections and variables arrive as
// AIRFLOW_CONN_<ID> and AIRFLOW_VAR_<KEY> (Airflow upper-cases the id or key when it looks them
// up). A reserved name is one the platform sets itself or relies on: a customer value there would
// either be silently shadowed or, worse, win over the wiring that keeps the runtime isolated.
import { REFUSED_SETTINGS, rangedSetting } from "@skyport/deployment-spec";

/** POSIX-portable environment variable names (what a shell, Python and Kubernetes all accept). */
export const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_ENVIRONMENT_NAME_LENGTH = 255;

/**
 * Airflow connection ids and variable keys as Skyport accepts them. Airflow itself allows
 * `[A-Za-z0-9_.-]`, but `.` and `-` cannot appear in the environment variable Airflow reads them
 * from, so such an id could never be delivered.
 */
export const AIRFLOW_KEY = /^[A-Za-z0-9_]+$/;

export const CONNECTION_PREFIX = "AIRFLOW_CONN_";
export const VARIABLE_PREFIX = "AIRFLOW_VAR_";
const SETTING_PREFIX = "AIRFLOW__";

/** The environment variable Airflow reads a connection from. */
export function connectionEnvName(connectionId: string): string {
  return `${CONNECTION_PREFIX}${connectionId.toUpperCase()}`;
}

/** The environment variable Airflow reads a variable from. */
export function variableEnvName(key: string): string {
  return `${VARIABLE_PREFIX}${key.toUpperCase()}`;
}

/**
 * Names Skyport sets in the Airflow containers besides the refused settings: each would be
 * shadowed by (or would shadow) what the renderer puts there.
 */
const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  AIRFLOW_HOME: "is where Skyport mounts Airflow's writable home (/opt/airflow)",
  AIRFLOW__CELERY__WORKER_CONCURRENCY:
    "is set by Skyport on each Celery worker from its queue's workerConcurrency; set it on the queue",
};

/** Connection ids Skyport delivers itself. */
const PLATFORM_CONNECTIONS: Readonly<Record<string, string>> = {
  AIRFLOW_DB: "is the deployment's own metadata database, which Skyport delivers as airflow_db",
};

/** `AIRFLOW__SECTION__KEY` → its setting, or null for names of another shape. */
export function settingOfName(name: string): { section: string; key: string } | null {
  const upper = name.toUpperCase();
  if (!upper.startsWith(SETTING_PREFIX)) return null;
  const rest = upper.slice(SETTING_PREFIX.length);
  const split = rest.indexOf("__");
  if (split <= 0 || split + 2 >= rest.length) return null;
  return { section: rest.slice(0, split).toLowerCase(), key: rest.slice(split + 2).toLowerCase() };
}

function refusedSetting(section: string, key: string): string | undefined {
  return REFUSED_SETTINGS.find((entry) => entry.section === section && entry.key === key)?.reason;
}

/**
 * Why an Airflow setting cannot be set through an environment variable, if it cannot. Airflow
 * also reads `<KEY>_CMD` (runs it) and `<KEY>_SECRET` (fetches it from a secrets backend) for a
 * setting, so those variants are refused with the setting they would replace.
 */
function settingRefusal(section: string, key: string): string | undefined {
  const direct = refusedSetting(section, key);
  if (direct) return direct;
  for (const suffix of ["_cmd", "_secret"]) {
    if (!key.endsWith(suffix)) continue;
    const base = key.slice(0, -suffix.length);
    const reason = refusedSetting(section, base);
    if (reason) return `would replace ${section}.${base}, which ${reason}`;
  }
  if (rangedSetting(section, key)) {
    // One place for a bounded setting: the spec's overrides, where its bounds are checked and
    // from which the namespace quota is computed.
    return "has documented bounds; set it as an Airflow configuration override of the deployment";
  }
  return undefined;
}

/**
 * Why a customer environment variable may not use this name, or undefined if it may. Compared
 * in upper case: a name differing from a reserved one only in case is refused too, which avoids
 * two variables that look the same to a person but not to a process.
 */
export function reservedNameReason(name: string): string | undefined {
  const upper = name.toUpperCase();
  const platform = PLATFORM_NAMES[upper];
  if (platform) return platform;
  if (upper.startsWith(CONNECTION_PREFIX)) {
    return "is how Airflow reads connections; create it as an Airflow connection instead";
  }
  if (upper.startsWith(VARIABLE_PREFIX)) {
    return "is how Airflow reads variables; create it as an Airflow variable instead";
  }
  const setting = settingOfName(upper);
  if (setting) return settingRefusal(setting.section, setting.key);
  return undefined;
}

/** Why a connection id is reserved, or undefined. */
export function reservedConnectionReason(connectionId: string): string | undefined {
  return PLATFORM_CONNECTIONS[connectionId.toUpperCase()];
}

/** Airflow stores connection ids and variable keys in 250-character columns. */
export const MAX_AIRFLOW_KEY_LENGTH = 250;

/** What is wrong with an environment variable name, or undefined. */
export function environmentVariableNameProblem(key: string): string | undefined {
  if (key.length === 0) return "is required";
  if (key.length > MAX_ENVIRONMENT_NAME_LENGTH) {
    return `must be at most ${MAX_ENVIRONMENT_NAME_LENGTH} characters`;
  }
  if (!ENVIRONMENT_NAME.test(key)) {
    return "must be letters, digits and '_', not starting with a digit (e.g. MY_SETTING)";
  }
  const reason = reservedNameReason(key);
  return reason ? `${key} is reserved: it ${reason}` : undefined;
}

function airflowKeyProblem(key: string, what: string, envName: string): string | undefined {
  if (key.length === 0) return "is required";
  if (key.length > MAX_AIRFLOW_KEY_LENGTH) return `must be at most ${MAX_AIRFLOW_KEY_LENGTH} characters`;
  if (!AIRFLOW_KEY.test(key)) {
    return `must be letters, digits and '_': Airflow reads the ${what} from ${envName}, and '.', '-' or other characters cannot appear in an environment variable name`;
  }
  return undefined;
}

/** What is wrong with an Airflow connection id, or undefined. */
export function connectionIdProblem(connectionId: string): string | undefined {
  const shape = airflowKeyProblem(connectionId, "connection", `${CONNECTION_PREFIX}<ID>`);
  if (shape) return shape;
  const reason = reservedConnectionReason(connectionId);
  return reason ? `${connectionId} is reserved: it ${reason}` : undefined;
}

/** What is wrong with an Airflow variable key, or undefined. */
export function variableKeyProblem(key: string): string | undefined {
  return airflowKeyProblem(key, "variable", `${VARIABLE_PREFIX}<KEY>`);
}
