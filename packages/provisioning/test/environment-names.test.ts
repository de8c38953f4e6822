// Which names customer environment variables, connections and Airflow variables may take.

import { airflowEnvName, RANGED_SETTINGS, REFUSED_SETTINGS } from "@skyport/deployment-spec";
import { describe, expect, it } from "vitest";
import {
  connectionEnvName,
  connectionIdProblem,
  environmentVariableNameProblem,
  type KubeObject,
  renderDeployment,
  reservedNameReason,
  variableEnvName,
  variableKeyProblem,
} from "../src/index.ts";
import { renderInput } from "./support/fixtures.ts";
import { allPodSpecs, containersOf, find } from "./support/objects.ts";

describe("environment variable names", () => {
  it.each([
    "MY_SETTING",
    "_private",
    "lower_case_ok",
    "AIRFLOW__SMTP__SMTP_PASSWORD",
    "AIRFLOW__CORE__DEFAULT_TIMEZONE",
    "PYTHONPATH",
    "AIRFLOW__CORE",
    "A".repeat(255),
  ])("accepts %s", (name) => {
    expect(environmentVariableNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["", "is required"],
    ["1ST", "must be letters, digits and '_'"],
    ["MY-VAR", "must be letters, digits and '_'"],
    ["MY VAR", "must be letters, digits and '_'"],
    ["MY.VAR", "must be letters, digits and '_'"],
    ["A".repeat(256), "at most 255 characters"],
  ])("refuses the shape of %j", (name, message) => {
    expect(environmentVariableNameProblem(name)).toContain(message);
  });

  it("refuses every setting the deployment spec refuses, in any case, with its reason", () => {
    for (const setting of REFUSED_SETTINGS) {
      const name = airflowEnvName(setting.section, setting.key);
      expect(reservedNameReason(name), name).toBe(setting.reason);
      expect(reservedNameReason(name.toLowerCase()), name).toBe(setting.reason);
      expect(environmentVariableNameProblem(name)).toBe(`${name} is reserved: it ${setting.reason}`);
    }
  });

  it("refuses the _CMD and _SECRET variants of refused settings, naming the setting they replace", () => {
    expect(reservedNameReason("AIRFLOW__CORE__FERNET_KEY_CMD")).toContain("would replace core.fernet_key");
    expect(reservedNameReason("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_SECRET")).toContain(
      "would replace database.sql_alchemy_conn",
    );
    expect(reservedNameReason("AIRFLOW__CELERY__BROKER_URL_CMD")).toContain("celery.broker_url");
    // A command variant of a setting that is not refused is the customer's own business.
    expect(reservedNameReason("AIRFLOW__SMTP__SMTP_PASSWORD_CMD")).toBeUndefined();
  });

  it("refuses bounded settings, which belong in the deployment's configuration overrides", () => {
    for (const setting of RANGED_SETTINGS) {
      const name = airflowEnvName(setting.section, setting.key);
      // Skyport sets this one on every worker itself, which is the more useful thing to say.
      const expected =
        name === "AIRFLOW__CELERY__WORKER_CONCURRENCY" ? "workerConcurrency" : "documented bounds";
      expect(reservedNameReason(name)).toContain(expected);
    }
  });

  it("sends connections and variables to their own objects", () => {
    expect(reservedNameReason("AIRFLOW_CONN_MY_DB")).toContain("create it as an Airflow connection");
    expect(reservedNameReason("airflow_var_threshold")).toContain("create it as an Airflow variable");
  });

  it("refuses every name Skyport sets in an Airflow container, whatever the executor and runtime", () => {
    const cases = [
      renderInput(),
      renderInput({}, { executor: "KUBERNETES", workerQueues: [] }),
      renderInput({}, { runtimeVersion: "2.11.0" }),
      renderInput({}, { runtimeVersion: "2.10.5", executor: "KUBERNETES", workerQueues: [] }),
    ];
    for (const input of cases) {
      const objects: KubeObject[] = renderDeployment(input);
      const names = new Set<string>();
      for (const pod of allPodSpecs(objects)) {
        for (const container of containersOf(pod.spec)) {
          if (!container.envFrom?.some((source) => source.secretRef?.name === "airflow-environment"))
            continue;
          for (const env of container.env ?? []) names.add(env.name);
        }
      }
      // Everything the config map sets: platform wiring, and defaults the spec's overrides change.
      const config = find(objects, "ConfigMap", "airflow-config").data as Record<string, string>;
      for (const name of Object.keys(config)) names.add(name);
      expect(names.size).toBeGreaterThan(10);
      const unreserved = [...names].filter((name) => reservedNameReason(name) === undefined);
      expect(unreserved).toEqual([]);
    }
  });
});

describe("Airflow connection ids and variable keys", () => {
  it("names the environment variable Airflow reads, upper-cased", () => {
    expect(connectionEnvName("my_postgres")).toBe("AIRFLOW_CONN_MY_POSTGRES");
    expect(variableEnvName("threshold_v2")).toBe("AIRFLOW_VAR_THRESHOLD_V2");
  });

  it("accepts letters, digits and underscores", () => {
    expect(connectionIdProblem("warehouse_2")).toBeUndefined();
    expect(variableKeyProblem("Threshold")).toBeUndefined();
  });

  it("refuses '.' and '-', which Airflow allows but no environment variable name can carry", () => {
    expect(connectionIdProblem("my-db")).toContain("AIRFLOW_CONN_<ID>");
    expect(variableKeyProblem("a.b")).toContain("AIRFLOW_VAR_<KEY>");
    expect(connectionIdProblem("")).toBe("is required");
    expect(variableKeyProblem("k".repeat(251))).toContain("at most 250");
  });

  it("refuses airflow_db, the deployment's own metadata database", () => {
    expect(connectionIdProblem("airflow_db")).toContain("metadata database");
    expect(connectionIdProblem("AIRFLOW_DB")).toContain("reserved");
  });
});
