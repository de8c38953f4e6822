import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { specHash, specsEqual } from "../src/hash.ts";
import {
  type DeploymentSpecInput,
  parseDeploymentSpec,
  RANGED_SETTINGS,
  REFUSED_SETTINGS,
  RUNTIME_CATALOG,
  settingRuntimeLine,
} from "../src/index.ts";
import { specInput } from "./support/arbitraries.ts";

const base: DeploymentSpecInput = { name: "sales-etl", runtimeVersion: "3.3.1", executor: "CELERY" };

function issuesOf(input: unknown) {
  const result = parseDeploymentSpec(input);
  if (result.ok) throw new Error("expected the spec to be rejected");
  return result.issues;
}

function specOf(input: unknown) {
  const result = parseDeploymentSpec(input);
  if (!result.ok) throw new Error(`expected a valid spec: ${JSON.stringify(result.issues)}`);
  return result.spec;
}

describe("parseDeploymentSpec: defaults and normalisation", () => {
  it("fills defaults and adds the default queue for Celery", () => {
    const spec = specOf(base);
    expect(spec).toMatchObject({
      description: "",
      schedulerSize: "S",
      highAvailability: false,
      contactEmails: [],
    });
    expect(spec.workerQueues).toEqual([
      { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 10, workerConcurrency: 16 },
    ]);
  });

  it("keeps a customer's default queue, puts it first, and sorts the rest", () => {
    const spec = specOf({
      ...base,
      workerQueues: [
        { name: "zeta", maxWorkers: 2 },
        { name: "default", workerSize: "M", minWorkers: 2, maxWorkers: 4 },
        { name: "alpha" },
      ],
    });
    expect(spec.workerQueues.map((q) => q.name)).toEqual(["default", "alpha", "zeta"]);
    expect(spec.workerQueues[0]).toMatchObject({ workerSize: "M", minWorkers: 2, maxWorkers: 4 });
  });

  it("uses celery.worker_concurrency as the concurrency of queues that set none", () => {
    const spec = specOf({
      ...base,
      workerQueues: [{ name: "a" }, { name: "b", workerConcurrency: 3 }],
      airflowConfigOverrides: [{ section: "celery", key: "worker_concurrency", value: "24" }],
    });
    expect(Object.fromEntries(spec.workerQueues.map((q) => [q.name, q.workerConcurrency]))).toEqual({
      default: 24,
      a: 24,
      b: 3,
    });
  });

  it("runs the KUBERNETES executor without queues, accepting (and dropping) a lone default queue", () => {
    expect(specOf({ ...base, executor: "KUBERNETES" }).workerQueues).toEqual([]);
    expect(
      specOf({ ...base, executor: "KUBERNETES", workerQueues: [{ name: "default" }] }).workerQueues,
    ).toEqual([]);
  });

  it("lower-cases and trims names, setting names and emails; dedupes emails", () => {
    const spec = specOf({
      ...base,
      name: "  sales-etl ",
      airflowConfigOverrides: [{ section: " Core ", key: "PARALLELISM", value: " 064 " }],
      contactEmails: ["Ops@Example.com", "ops@example.com", "data@example.com"],
    });
    expect(spec.name).toBe("sales-etl");
    expect(spec.airflowConfigOverrides).toEqual([{ section: "core", key: "parallelism", value: "64" }]);
    expect(spec.contactEmails).toEqual(["data@example.com", "ops@example.com"]);
  });

  it("accepts every generated valid spec", () => {
    fc.assert(
      fc.property(specInput(), (input) => {
        expect(parseDeploymentSpec(input)).toMatchObject({ ok: true });
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseDeploymentSpec: refused Airflow settings", () => {
  it.each(REFUSED_SETTINGS.map((s) => [`${s.section}.${s.key}`, s] as const))(
    "refuses %s, naming the field and why",
    (_, setting) => {
      const issues = issuesOf({
        ...base,
        airflowConfigOverrides: [
          { section: "core", key: "parallelism", value: "64" },
          { section: setting.section, key: setting.key, value: "anything" },
        ],
      });
      expect(issues).toEqual([
        {
          field: "airflowConfigOverrides.1.key",
          message: `${setting.section}.${setting.key} cannot be overridden: it ${setting.reason}`,
        },
      ]);
    },
  );

  it("refuses upper-case spellings of refused settings (they map to the same variable)", () => {
    const issues = issuesOf({
      ...base,
      airflowConfigOverrides: [{ section: "CORE", key: "Fernet_Key", value: "x" }],
    });
    expect(issues[0]?.field).toBe("airflowConfigOverrides.0.key");
    expect(issues[0]?.message).toMatch(/core\.fernet_key cannot be overridden/);
  });

  it.each([
    ["database", "sql_alchemy_conn_cmd", /shell command/],
    ["core", "fernet_key_secret", /secrets backend/],
    ["smtp", "smtp_password", /looks like a credential/],
    ["some_provider", "api_token", /looks like a credential/],
  ])("refuses %s.%s", (section, key, reason) => {
    const issues = issuesOf({ ...base, airflowConfigOverrides: [{ section, key, value: "x" }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe("airflowConfigOverrides.0.key");
    expect(issues[0]?.message).toMatch(reason);
  });

  it("refuses section or key names that would make an ambiguous environment variable", () => {
    const issues = issuesOf({
      ...base,
      airflowConfigOverrides: [{ section: "core__x", key: "parallelism", value: "1" }],
    });
    expect(issues.map((i) => i.field)).toEqual(["airflowConfigOverrides.0.section"]);
  });

  it("refuses control characters in values", () => {
    const issues = issuesOf({
      ...base,
      airflowConfigOverrides: [{ section: "core", key: "default_timezone", value: "UTC\nEVIL: 1" }],
    });
    expect(issues).toEqual([
      { field: "airflowConfigOverrides.0.value", message: "must not contain control characters" },
    ]);
  });

  it("refuses overriding the same setting twice", () => {
    const issues = issuesOf({
      ...base,
      airflowConfigOverrides: [
        { section: "core", key: "parallelism", value: "8" },
        { section: "core", key: "parallelism", value: "9" },
      ],
    });
    expect(issues).toEqual([
      {
        field: "airflowConfigOverrides.1.key",
        message: "core.parallelism is already overridden by airflowConfigOverrides.0",
      },
    ]);
  });
});

describe("parseDeploymentSpec: documented ranges", () => {
  const integers = RANGED_SETTINGS.flatMap((s) =>
    s.rule.kind === "integer" ? [{ ...s, rule: s.rule }] : [],
  );

  it.each(integers.map((s) => [`${s.section}.${s.key}`, s] as const))(
    "%s: enforces its bounds",
    (name, setting) => {
      const { min, max } = setting.rule;
      // On a runtime of the line that reads the setting (see runtime-lines.test.ts).
      const runtimeVersion = settingRuntimeLine(setting.section, setting.key) === 2 ? "2.11.0" : "3.3.1";
      const at = (value: string) => ({
        ...base,
        runtimeVersion,
        airflowConfigOverrides: [{ section: setting.section, key: setting.key, value }],
      });
      expect(specOf(at(String(min))).airflowConfigOverrides[0]?.value).toBe(String(min));
      expect(specOf(at(String(max))).airflowConfigOverrides[0]?.value).toBe(String(max));
      for (const bad of [String(max + 1), ...(min > 0 ? [String(min - 1)] : []), "1.5", "lots", "-1"]) {
        const issues = issuesOf(at(bad));
        expect(issues).toEqual([
          { field: "airflowConfigOverrides.0.value", message: expect.stringContaining(`${name} (`) },
        ]);
        expect(issues[0]?.message).toContain(`from ${min} to ${max}`);
      }
    },
  );

  it("checks booleans and enumerations, normalising their spelling", () => {
    const spec = specOf({
      ...base,
      airflowConfigOverrides: [
        { section: "core", key: "load_examples", value: true },
        { section: "logging", key: "logging_level", value: "warning" },
      ],
    });
    expect(spec.airflowConfigOverrides.map((o) => o.value)).toEqual(["True", "WARNING"]);
    expect(
      issuesOf({
        ...base,
        airflowConfigOverrides: [{ section: "core", key: "load_examples", value: "yes" }],
      })[0]?.field,
    ).toBe("airflowConfigOverrides.0.value");
    expect(
      issuesOf({
        ...base,
        airflowConfigOverrides: [{ section: "api", key: "expose_config", value: "True" }],
      })[0]?.message,
    ).toMatch(/one of False, non-sensitive-only/);
  });
});

describe("parseDeploymentSpec: fields", () => {
  it("rejects worker queues under the KUBERNETES executor, naming each extra queue", () => {
    const issues = issuesOf({
      ...base,
      executor: "KUBERNETES",
      workerQueues: [{ name: "default" }, { name: "heavy" }],
    });
    expect(issues).toEqual([
      { field: "workerQueues.1", message: expect.stringMatching(/worker queues need the CELERY executor/) },
    ]);
  });

  it("rejects celery settings under the KUBERNETES executor", () => {
    const issues = issuesOf({
      ...base,
      executor: "KUBERNETES",
      airflowConfigOverrides: [{ section: "celery", key: "worker_concurrency", value: "4" }],
    });
    expect(issues).toEqual([
      {
        field: "airflowConfigOverrides.0.section",
        message: "celery settings only apply to the CELERY executor",
      },
    ]);
  });

  it.each([
    [
      { name: "q", minWorkers: 5, maxWorkers: 2 },
      "workerQueues.0.maxWorkers",
      "must be at least minWorkers (5)",
    ],
    [{ name: "q", maxWorkers: 51 }, "workerQueues.0.maxWorkers", "maxWorkers must be at most 50"],
    [{ name: "q", minWorkers: -1 }, "workerQueues.0.minWorkers", "minWorkers must be at least 0"],
    [{ name: "q", minWorkers: 1.5 }, "workerQueues.0.minWorkers", "minWorkers must be a whole number"],
    [
      { name: "q", workerConcurrency: 0 },
      "workerQueues.0.workerConcurrency",
      "must be a whole number from 1 to 64",
    ],
    [
      { name: "q", workerConcurrency: 65 },
      "workerQueues.0.workerConcurrency",
      "must be a whole number from 1 to 64",
    ],
    [{ name: "q", workerSize: "XL" }, "workerQueues.0.workerSize", "must be one of S, M, L"],
    [{ name: "Bad_Name" }, "workerQueues.0.name", expect.stringMatching(/lowercase letters/)],
    [{ name: "q", extra: 1 }, "workerQueues.0.extra", "is not a known field"],
  ])("rejects queue %j at %s", (queue, field, message) => {
    expect(issuesOf({ ...base, workerQueues: [queue] })).toEqual([{ field, message }]);
  });

  it("rejects duplicate queue names", () => {
    expect(issuesOf({ ...base, workerQueues: [{ name: "a" }, { name: "a" }] })).toEqual([
      { field: "workerQueues.1.name", message: "duplicates workerQueues.0.name" },
    ]);
  });

  it.each([
    [{ name: "" }, "name", "is required"],
    [{ name: "x".repeat(41) }, "name", "must be at most 40 characters"],
    [{ name: "-bad" }, "name", expect.stringMatching(/starting with a letter/)],
    [{ description: "d".repeat(501) }, "description", "must be at most 500 characters"],
    [
      { runtimeVersion: "2.7.0" },
      "runtimeVersion",
      expect.stringMatching(/supported runtimes: 2\.10\.5, .*3\.3\.1/),
    ],
    [{ executor: "LOCAL" }, "executor", "must be one of CELERY, KUBERNETES"],
    [{ schedulerSize: "XS" }, "schedulerSize", "must be one of S, M, L"],
    [{ highAvailability: "yes" }, "highAvailability", "must be true or false"],
    [
      { contactEmails: ["ok@example.com", "not-an-email"] },
      "contactEmails.1",
      "must be a valid email address",
    ],
    [
      { contactEmails: Array.from({ length: 21 }, (_, i) => `u${i}@example.com`) },
      "contactEmails",
      "at most 20 contact emails",
    ],
    [{ colour: "blue" }, "colour", "is not a known field"],
  ])("rejects %j at %s", (patch, field, message) => {
    expect(issuesOf({ ...base, ...patch })).toEqual([{ field, message }]);
  });

  it("reports every field problem at once", () => {
    const issues = issuesOf({
      ...base,
      name: "Bad Name",
      schedulerSize: "XL",
      airflowConfigOverrides: [{ section: "core", key: "fernet_key", value: "x" }],
    });
    expect(issues.map((i) => i.field).sort()).toEqual([
      "airflowConfigOverrides.0.key",
      "name",
      "schedulerSize",
    ]);
  });

  it("names the whole spec when the input is not an object", () => {
    expect(issuesOf("nope")[0]?.field).toBe("spec");
  });
});

describe("spec hashing", () => {
  it("hashes equal specs equally regardless of list order", () => {
    const a = specOf({
      ...base,
      workerQueues: [{ name: "a" }, { name: "b" }],
      contactEmails: ["x@example.com", "y@example.com"],
    });
    const b = specOf({
      ...base,
      workerQueues: [{ name: "b" }, { name: "a" }],
      contactEmails: ["y@example.com", "x@example.com"],
    });
    expect(specsEqual(a, b)).toBe(true);
    expect(specHash(a)).toBe(specHash(b));
    expect(specHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("changes the hash when anything changes", () => {
    fc.assert(
      fc.property(specInput(), (input) => {
        const spec = specOf(input);
        const changed = specOf({ ...input, highAvailability: !spec.highAvailability });
        expect(specsEqual(spec, changed)).toBe(false);
        expect(specHash(spec)).not.toBe(specHash(changed));
        expect(specHash(specOf(input))).toBe(specHash(spec));
      }),
      { numRuns: 50 },
    );
  });
});

describe("runtime catalog", () => {
  it("offers official, version-pinned Apache Airflow images on both major lines", () => {
    for (const runtime of RUNTIME_CATALOG) {
      expect(runtime.image).toBe(`apache/airflow:${runtime.version}-python3.12`);
      expect(runtime.version.startsWith(`${runtime.major}.`)).toBe(true);
    }
    expect(RUNTIME_CATALOG.some((r) => r.major === 2)).toBe(true);
    expect(RUNTIME_CATALOG.some((r) => r.major === 3)).toBe(true);
  });

  it("gives Airflow 3 an api-server and a dag-processor, and Airflow 2 a webserver", () => {
    for (const runtime of RUNTIME_CATALOG) {
      if (runtime.major === 3) {
        expect(runtime.components).toEqual(expect.arrayContaining(["api-server", "dag-processor"]));
        expect(runtime.components).not.toContain("webserver");
      } else {
        expect(runtime.components).toContain("webserver");
        expect(runtime.components).not.toContain("api-server");
      }
    }
  });
});
