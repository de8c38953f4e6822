// A local runtime's environment is the Kubernetes one (the same computation), with loopback
// addresses and local paths where Kubernetes has Services and volumes, Skyport's Redis under a
// per-deployment key prefix as the broker, and nothing of the worker's own environment but what
// Python needs.
import { renderDeployment } from "@skyport/provisioning";
import { describe, expect, it } from "vitest";
import { renderInput, SECRETS } from "../../provisioning/test/support/fixtures.ts";
import { clampWorkers } from "../src/autoscaler.ts";
import { type LocalPlacement, localAirflowEnvironment } from "../src/environment.ts";
import { runtimeRequirements } from "../src/install.ts";

const placement: LocalPlacement = {
  home: "/state/runtimes/skyport-abc123/airflow-home",
  dagsFolder: "/state/runtimes/skyport-abc123/dags/current",
  venvBin: "/state/airflow/airflow-3.3.1-py3.11/bin",
  uiPort: 41234,
  brokerUrl: "redis://127.0.0.1:6379/0",
  brokerKeyPrefix: "skyport-abc123:",
  passwordsFile: "/state/runtimes/skyport-abc123/airflow-home/passwords.json",
  statsdPort: 48125,
};

const LOCAL_KEYS = new Set([
  "AIRFLOW__API__BASE_URL",
  "AIRFLOW__API__PORT",
  "AIRFLOW__CORE__EXECUTION_API_SERVER_URL",
  "AIRFLOW__LOGGING__BASE_LOG_FOLDER",
  "AIRFLOW__METRICS__STATSD_HOST",
  "AIRFLOW__METRICS__STATSD_PORT",
]);

describe("a local runtime's environment", () => {
  const input = renderInput(
    {
      environment: [
        { kind: "environmentVariable", key: "WAREHOUSE", value: "snowflake", rowId: "r1", valueVersion: 1 },
        { kind: "airflowVariable", key: "region", value: "eu", rowId: "r2", valueVersion: 1 },
      ],
    },
    { airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "12" }] },
  );
  const { env } = localAirflowEnvironment(input, placement, {
    PATH: "/usr/bin:/bin",
    HOME: "/root",
    SKYPORT_KEK: "kek-1:AAAA",
    DATABASE_URL: "postgresql://skyport:secret@127.0.0.1/skyport",
    REDIS_URL: "redis://127.0.0.1:6379",
  });

  it("carries every setting of the Kubernetes ConfigMap, changing only addresses and paths", () => {
    const configMap = renderDeployment(input).find(
      (object) => object.kind === "ConfigMap" && object.metadata.name === "airflow-config",
    ) as { data: Record<string, string> } | undefined;
    expect(configMap).toBeDefined();
    const data = configMap?.data ?? {};
    expect(Object.keys(data).length).toBeGreaterThan(10);
    for (const [name, value] of Object.entries(data)) {
      if (LOCAL_KEYS.has(name)) continue;
      expect({ name, value: env[name] }).toEqual({ name, value });
    }
    expect(env.AIRFLOW__CORE__PARALLELISM).toBe("12");
    expect(env.AIRFLOW__CORE__EXECUTOR).toBe("CeleryExecutor");
  });

  it("delivers the secrets and the customer's environment, and points Airflow at local places", () => {
    expect(env.AIRFLOW__CORE__FERNET_KEY).toBe(SECRETS.fernetKey);
    expect(env.AIRFLOW__API_AUTH__JWT_SECRET).toBe(SECRETS.jwtSecret);
    expect(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN).toBe(
      SECRETS.metadataDbUrl.replace("postgresql://", "postgresql+psycopg2://"),
    );
    expect(env.WAREHOUSE).toBe("snowflake");
    expect(env.AIRFLOW_VAR_REGION).toBe("eu");
    expect(env).toMatchObject({
      AIRFLOW_HOME: placement.home,
      AIRFLOW__CORE__DAGS_FOLDER: placement.dagsFolder,
      AIRFLOW__API__BASE_URL: "http://127.0.0.1:41234",
      AIRFLOW__API__PORT: "41234",
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: "http://127.0.0.1:41234/execution/",
      AIRFLOW__CELERY__BROKER_URL: placement.brokerUrl,
      AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__GLOBAL_KEYPREFIX: "skyport-abc123:",
      AIRFLOW__METRICS__STATSD_HOST: "127.0.0.1",
      AIRFLOW__METRICS__STATSD_PORT: "48125",
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: placement.passwordsFile,
      PATH: `${placement.venvBin}:/usr/bin:/bin`,
    });
  });

  it("hands a Git source to Airflow's GitDagBundle, with its credentials connection from the environment", () => {
    const connection = JSON.stringify({ conn_type: "git", login: "acme-ci", password: "ghp_git_token" });
    const withGit = renderInput(
      {
        environment: [
          { kind: "airflowConnection", key: "acme_git", value: connection, rowId: "r3", valueVersion: 1 },
        ],
      },
      {
        gitSource: {
          url: "https://github.com/acme/dags.git",
          ref: "main",
          subPath: "airflow/dags",
          connectionId: "acme_git",
        },
      },
    );
    const { env: gitEnv } = localAirflowEnvironment(withGit, placement, { PATH: "/usr/bin:/bin" });
    expect(JSON.parse(gitEnv.AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST ?? "")).toEqual([
      { name: "dags-folder", classpath: "airflow.dag_processing.bundles.local.LocalDagBundle", kwargs: {} },
      {
        name: "git-source",
        classpath: "airflow.providers.git.bundles.git.GitDagBundle",
        kwargs: {
          repo_url: "https://github.com/acme/dags.git",
          tracking_ref: "main",
          subdir: "airflow/dags",
          git_conn_id: "acme_git",
        },
      },
    ]);
    expect(gitEnv.AIRFLOW_CONN_ACME_GIT).toBe(connection);
    // The dags-folder bundle stays the bundle sync's folder, so DAG-only deploys keep working.
    expect(gitEnv.AIRFLOW__CORE__DAGS_FOLDER).toBe(placement.dagsFolder);
    expect(env.AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST).toBeUndefined();
  });

  it("serves Airflow 2 through its webserver, with the generated admin accepted by the REST API", () => {
    const legacy = renderInput({}, { runtimeVersion: "2.11.0" });
    const { env: v2, runtime } = localAirflowEnvironment(legacy, placement, { PATH: "/usr/bin:/bin" });
    expect(runtime.major).toBe(2);
    expect(v2).toMatchObject({
      AIRFLOW__WEBSERVER__BASE_URL: "http://127.0.0.1:41234",
      AIRFLOW__WEBSERVER__WEB_SERVER_PORT: "41234",
      AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL: "30",
      AIRFLOW__API__AUTH_BACKENDS: "airflow.api.auth.backend.session,airflow.api.auth.backend.basic_auth",
    });
    expect(v2.AIRFLOW__API__BASE_URL).toBeUndefined();
    expect(v2.AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE).toBeUndefined();
  });

  it("keeps the worker's own secrets out of processes that run customer code", () => {
    expect(env.SKYPORT_KEK).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.HOME).toBe("/root");
  });
});

describe("the local autoscaler's bounds", () => {
  it("keeps the KEDA number within the queue's min and max workers", () => {
    const queue = { minWorkers: 1, maxWorkers: 3 };
    expect([0, 1, 2, 3, 7].map((wanted) => clampWorkers(wanted, queue))).toEqual([1, 1, 2, 3, 3]);
    expect(clampWorkers(0, { minWorkers: 0, maxWorkers: 2 })).toBe(0);
  });
});

describe("a local runtime's packages", () => {
  it("install the git provider on Airflow 3, whose GitDagBundle follows a Git source, and not on Airflow 2", () => {
    expect(runtimeRequirements("3.3.1")).toContain("apache-airflow-providers-git");
    expect(runtimeRequirements("2.11.0")).not.toContain("apache-airflow-providers-git");
  });
});
