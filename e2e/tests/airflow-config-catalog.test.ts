// The configuration catalog checked against real Apache Airflow: a deployment that sets every
// setting the catalog offers with bounds (the spelling its runtime line reads) is rendered into a
// local runtime's environment, and the runtime's own `airflow config list` must know every
// AIRFLOW__SECTION__KEY of it; `airflow config lint` must find nothing removed or renamed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { RANGED_SETTINGS, type RangedSetting, settingRuntimeLine } from "@skyport/deployment-spec";
import { localAirflowEnvironment } from "@skyport/local-runtime";
import { hasToolchain } from "@skyport/testing/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderInput } from "../../packages/provisioning/test/support/fixtures.ts";
import { AIRFLOW_VERSION, ensureAirflow } from "../../scripts/airflow/airflow.ts";
import { AIRFLOW_PYTHON } from "../src/airflow-example-dags.ts";

const CATALOG_VERSION = "3.3.1";

/** Sections whose keys Airflow passes through rather than declares (Celery's transport options). */
const FREE_FORM_SECTIONS = new Set(["celery_broker_transport_options"]);
/** Declared by the Celery provider, which local runtimes install and this cached test Airflow
 * (`npm run airflow:install`: Airflow with statsd and the OpenLineage provider) does not. */
const CELERY_PROVIDER_SETTINGS = new Set(["celery.result_backend"]);

function sampleValue(setting: RangedSetting): string {
  const { rule } = setting;
  switch (rule.kind) {
    case "integer":
      return String(rule.min);
    case "boolean":
      return "True";
    case "enum":
      return rule.values[0] ?? "";
    default: {
      const unknown: never = rule;
      return unknown;
    }
  }
}

/** `[section]` headers and their keys (set or commented defaults) from `airflow config list`. */
function knownSettings(listing: string): Set<string> {
  const known = new Set<string>();
  let section = "";
  for (const line of listing.split("\n")) {
    const header = /^\[([^\]]+)\]\s*$/.exec(line.trim());
    if (header) {
      section = header[1] ?? "";
      known.add(`${section}.`);
      continue;
    }
    const option = /^#?\s*([a-z0-9_]+)\s*=/.exec(line.trim());
    if (section && option) known.add(`${section}.${option[1]}`);
  }
  return known;
}

function unknownSettings(env: Record<string, string>, known: Set<string>): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith("AIRFLOW__") && !/_(CMD|SECRET)$/.test(name))
    .map((name) => name.slice("AIRFLOW__".length).toLowerCase().split("__"))
    .filter((parts) => parts.length === 2)
    .map(([section = "", key = ""]) => ({ section, key }))
    .filter(({ section, key }) => !known.has(`${section}.${key}`) && !FREE_FORM_SECTIONS.has(section))
    .filter(({ section, key }) => !CELERY_PROVIDER_SETTINGS.has(`${section}.${key}`))
    .map(({ section, key }) =>
      known.has(`${section}.`) ? `${section}.${key}` : `[${section}] (section) ${key}`,
    )
    .sort();
}

describe.skipIf(!hasToolchain(AIRFLOW_PYTHON))(
  `the config catalog against Apache Airflow ${AIRFLOW_VERSION}`,
  () => {
    let airflowBin = "";
    let home = "";
    let env: Record<string, string> = {};
    let listing = "";
    // The test Airflow has no PostgreSQL driver and no database to reach; the commands only read
    // configuration, so they get a SQLite file instead of the rendered connection.
    const commandEnv = () => ({
      ...env,
      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${path.join(home, "airflow.db")}`,
    });

    beforeAll(async () => {
      airflowBin = (await ensureAirflow()).airflowBin;
      home = mkdtempSync(path.join(tmpdir(), "skyport-config-catalog-"));
      const overrides = RANGED_SETTINGS.filter(
        (setting) => settingRuntimeLine(setting.section, setting.key) !== 2,
      ).map((setting) => ({ section: setting.section, key: setting.key, value: sampleValue(setting) }));
      // The catalog's 3.3 entry (3.3.1); the cached test Airflow is the same line's 3.3.2, which
      // reads the same settings.
      const input = renderInput({}, { runtimeVersion: CATALOG_VERSION, airflowConfigOverrides: overrides });
      ({ env } = localAirflowEnvironment(input, {
        home,
        dagsFolder: path.join(home, "dags"),
        venvBin: path.dirname(airflowBin),
        uiPort: 8080,
        brokerUrl: "redis://127.0.0.1:6379/0",
        brokerKeyPrefix: "skyport-catalog:",
        passwordsFile: path.join(home, "passwords.json"),
        statsdPort: 8125,
      }));
      const listed = spawnSync(airflowBin, ["config", "list", "--defaults"], {
        env: commandEnv(),
        cwd: home,
        encoding: "utf8",
        timeout: 180_000,
      });
      expect(listed.status, listed.stderr).toBe(0);
      listing = listed.stdout;
    }, 600_000);

    afterAll(() => {
      if (home) rmSync(home, { recursive: true, force: true });
    });

    it("sets every ranged setting of this runtime line in the rendered environment", () => {
      for (const setting of RANGED_SETTINGS.filter((s) => settingRuntimeLine(s.section, s.key) !== 2)) {
        expect(env[`AIRFLOW__${setting.section.toUpperCase()}__${setting.key.toUpperCase()}`]).toBe(
          sampleValue(setting),
        );
      }
    });

    it("Airflow knows every section and key of the rendered environment", () => {
      const known = knownSettings(listing);
      // The check itself catches what Airflow does not know.
      expect(
        unknownSettings({ AIRFLOW__CORE__NOT_A_SETTING: "1", AIRFLOW__NO_SUCH_SECTION__KEY: "1" }, known),
      ).toEqual(["[no_such_section] (section) key", "core.not_a_setting"]);
      expect(unknownSettings(env, known)).toEqual([]);
    });

    it("airflow config lint finds no removed or renamed setting", () => {
      const lint = spawnSync(airflowBin, ["config", "lint"], {
        env: commandEnv(),
        cwd: home,
        encoding: "utf8",
        timeout: 180_000,
      });
      expect(lint.status, lint.stderr).toBe(0);
      // Lint also lists settings whose default changed in Airflow 3 (the executor, catchup) —
      // information, not a problem with the catalog; a removed or moved setting is one.
      const problems = lint.stdout
        .split("\n")
        .filter((line) => /^\s*- /.test(line) && /remov|moved|renamed/i.test(line));
      expect(problems).toEqual([]);
    });
  },
);
