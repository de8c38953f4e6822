import { describe, expect, it } from "vitest";
import {
  type DeploymentSpecInput,
  MOVED_SETTINGS,
  parseDeploymentSpec,
  RANGED_SETTINGS,
  RUNTIME_CATALOG,
  settingRuntimeLine,
  settleOverridesForRuntime,
} from "../src/index.ts";

const airflow3: DeploymentSpecInput = { name: "sales-etl", runtimeVersion: "3.3.1", executor: "CELERY" };
const airflow2: DeploymentSpecInput = { ...airflow3, runtimeVersion: "2.11.0" };

function overriding(base: DeploymentSpecInput, section: string, key: string, value = "30") {
  return parseDeploymentSpec({ ...base, airflowConfigOverrides: [{ section, key, value }] });
}

type Override = [section: string, key: string, value: string];

/** A spec on `base`'s runtime as stored before the rule, with these overrides. */
function storedWith(base: DeploymentSpecInput, ...overrides: Override[]) {
  return {
    ...base,
    airflowConfigOverrides: overrides.map(([section, key, value]) => ({ section, key, value })),
  };
}

/** The overrides of a stored spec once settled for its runtime (false when it still does not parse). */
function settledOverrides(stored: object) {
  const settled = parseDeploymentSpec(settleOverridesForRuntime(stored));
  return settled.ok && settled.spec.airflowConfigOverrides;
}

describe("config overrides know which runtime line reads them", () => {
  it("refuses scheduler.dag_dir_list_interval on Airflow 3, naming the runtime and dag_processor.refresh_interval", () => {
    const result = overriding(airflow3, "scheduler", "dag_dir_list_interval");
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          field: "airflowConfigOverrides.0.key",
          message:
            "scheduler.dag_dir_list_interval is an Airflow 2 setting that Airflow 3.3.1 does not read; " +
            "use dag_processor.refresh_interval",
        },
      ],
    });
  });

  it("accepts dag_processor.refresh_interval on Airflow 3 and refuses it on Airflow 2, naming the Airflow 2 key", () => {
    expect(overriding(airflow3, "dag_processor", "refresh_interval").ok).toBe(true);
    const result = overriding(airflow2, "dag_processor", "refresh_interval");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toBe(
      "dag_processor.refresh_interval is an Airflow 3 setting that Airflow 2.11.0 does not read; " +
        "use scheduler.dag_dir_list_interval",
    );
  });

  it.each([
    ["scheduler", "parsing_processes", "dag_processor.parsing_processes"],
    ["core", "dag_file_processor_timeout", "dag_processor.dag_file_processor_timeout"],
    ["scheduler", "min_file_process_interval", "dag_processor.min_file_process_interval"],
    ["webserver", "workers", "api.workers"],
  ])("refuses %s.%s on Airflow 3 in favour of %s", (section, key, replacement) => {
    const result = overriding(airflow3, section, key, "4");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.message).toContain(`${section}.${key} is an Airflow 2 setting`);
    expect(result.issues[0]?.message).toMatch(new RegExp(`use ${replacement.replace(".", "\\.")}$`));
  });

  it("leaves a platform-held key refused as a secret, not as a line mismatch", () => {
    const result = overriding(airflow3, "webserver", "secret_key", "x".repeat(20));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toMatch(
      /^Airflow setting 1: key webserver\.secret_key cannot be overridden: it is a platform-held/,
    );
  });

  it("accepts keys both lines read on every runtime", () => {
    for (const runtime of RUNTIME_CATALOG) {
      expect(
        overriding({ ...airflow3, runtimeVersion: runtime.version }, "core", "parallelism", "64").ok,
      ).toBe(true);
    }
  });

  it("gives every ranged setting that only one line reads its counterpart on the other line", () => {
    for (const setting of RANGED_SETTINGS) {
      const line = settingRuntimeLine(setting.section, setting.key);
      if (line === undefined) continue;
      const dotted = `${setting.section}.${setting.key}`;
      const moved = MOVED_SETTINGS.find((entry) => entry.airflow2 === dotted || entry.airflow3 === dotted);
      const counterpart = line === 2 ? moved?.airflow3 : moved?.airflow2;
      expect(RANGED_SETTINGS.some((other) => `${other.section}.${other.key}` === counterpart)).toBe(true);
    }
  });
});

describe("settleOverridesForRuntime: stored specs from before the rule", () => {
  it("renames a key the runtime does not read to the one it reads, so the stored spec parses", () => {
    const stored = storedWith(
      airflow3,
      ["scheduler", "dag_dir_list_interval", "30"],
      ["core", "parallelism", "64"],
    );
    expect(parseDeploymentSpec(stored).ok).toBe(false);
    expect(settledOverrides(stored)).toEqual([
      { section: "core", key: "parallelism", value: "64" },
      { section: "dag_processor", key: "refresh_interval", value: "30" },
    ]);
  });

  it("keeps the key the runtime reads when the stored spec sets both spellings", () => {
    const stored = storedWith(
      airflow2,
      ["dag_processor", "parsing_processes", "8"],
      ["scheduler", "parsing_processes", "2"],
    );
    expect(settledOverrides(stored)).toEqual([
      { section: "scheduler", key: "parsing_processes", value: "2" },
    ]);
  });

  it("returns input that is not a spec, or names an unknown runtime, unchanged", () => {
    expect(settleOverridesForRuntime("nope")).toBe("nope");
    const unknownRuntime = { ...airflow3, runtimeVersion: "9.9.9", airflowConfigOverrides: [] };
    expect(settleOverridesForRuntime(unknownRuntime)).toBe(unknownRuntime);
  });
});
