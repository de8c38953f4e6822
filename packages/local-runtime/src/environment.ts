// What a local runtime changes in the shared Airflow environment (airflowProcessEnvironment, the
// computation the Kubernetes manifests use too): addresses and paths that are Kubernetes Services
// and volumes there and loopback ports and directories here, and the broker, which is Skyport's
// own Redis under a key prefix of the deployment's own instead of a Redis per namespace.
import { airflowEnvName, type RuntimeVersion } from "@skyport/deployment-spec";
import { airflowProcessEnvironment, type RenderInput } from "@skyport/provisioning";

export interface LocalPlacement {
  readonly home: string;
  readonly dagsFolder: string;
  readonly venvBin: string;
  readonly uiPort: number;
  /** Skyport's Redis. */
  readonly brokerUrl: string;
  /** Every broker key of this deployment starts with it. */
  readonly brokerKeyPrefix: string;
  /** The worker's StatsD receiver of this runtime (UDP on 127.0.0.1), when it has one. */
  readonly statsdPort?: number;
  /** SimpleAuthManager's users file (Airflow 3): the generated admin password, kept by Skyport. */
  readonly passwordsFile: string;
}

/** The Kubernetes Service name StatsD goes to in a namespace; locally there is no such host. */
const KUBERNETES_STATSD_HOST = "statsd-exporter";

/** Only what Airflow and Python need from the worker's environment: the worker's own secrets
 * (database URL, key-encryption keys) must never reach processes that run customer code. */
const PASSED_THROUGH = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "LOGNAME"];

export function localAirflowEnvironment(
  input: RenderInput,
  placement: LocalPlacement,
  base: Readonly<Record<string, string | undefined>> = process.env,
): { env: Record<string, string>; runtime: RuntimeVersion } {
  const { context, env: shared } = airflowProcessEnvironment(input);
  const { runtime } = context;
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = base[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, shared);
  const set = (dotted: string, value: string) => {
    const [section = "", key = ""] = dotted.split(".");
    env[airflowEnvName(section, key)] = value;
  };
  const url = `http://127.0.0.1:${placement.uiPort}`;
  env.PATH = `${placement.venvBin}:${env.PATH ?? "/usr/local/bin:/usr/bin:/bin"}`;
  env.AIRFLOW_HOME = placement.home;
  env.PYTHONUNBUFFERED = "1";
  set("core.dags_folder", placement.dagsFolder);
  set("logging.base_log_folder", `${placement.home}/logs`);
  // Every component reads task logs from the shared log folder: no log server ports to clash
  // between deployments (the components start with --skip-serve-logs).
  // Skyport's StatsD (unless the deployment's own configuration sends it elsewhere): the worker's
  // receiver of this runtime, which applies the statsd-exporter mapping Kubernetes runtimes get.
  if (env[airflowEnvName("metrics", "statsd_host")] === KUBERNETES_STATSD_HOST) {
    set("metrics.statsd_host", "127.0.0.1");
    if (placement.statsdPort !== undefined) set("metrics.statsd_port", String(placement.statsdPort));
  }
  // A new deploy shows within half a minute (Airflow's default is 5 minutes), unless the
  // deployment's own configuration says otherwise.
  const listing = runtime.major === 2 ? "scheduler.dag_dir_list_interval" : "dag_processor.refresh_interval";
  const [listingSection = "", listingKey = ""] = listing.split(".");
  env[airflowEnvName(listingSection, listingKey)] ??= "30";
  if (runtime.major === 2) {
    set("webserver.base_url", url);
    set("webserver.web_server_host", "127.0.0.1");
    set("webserver.web_server_port", String(placement.uiPort));
    // Airflow 2's REST API accepts only a browser session by default; the generated admin's
    // credentials also work over basic auth (as `/auth/token` does on Airflow 3). Skyport owns
    // this setting (a refused override).
    env[airflowEnvName("api", "auth_backends")] =
      "airflow.api.auth.backend.session,airflow.api.auth.backend.basic_auth";
  } else {
    set("api.base_url", url);
    set("api.host", "127.0.0.1");
    set("api.port", String(placement.uiPort));
    set("core.execution_api_server_url", `${url}/execution/`);
    set("core.simple_auth_manager_users", "admin:admin");
    set("core.simple_auth_manager_passwords_file", placement.passwordsFile);
  }
  if (context.celery) {
    set("celery.broker_url", placement.brokerUrl);
    set("celery_broker_transport_options.global_keyprefix", placement.brokerKeyPrefix);
  }
  return { env, runtime };
}
