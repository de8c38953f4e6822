// The customer environment in rendered manifests: one Secret, envFrom on every Airflow container,
// a value-free restart checksum, redacted manifests, and the last refusals before the cluster.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ENVIRONMENT_CHECKSUM,
  type EnvironmentEntry,
  type KubeObject,
  MAX_ENVIRONMENT_BYTES,
  REDACTED,
  type RenderInput,
  RenderInputError,
  renderDeployment,
  toYamlDocuments,
  validateObject,
} from "../src/index.ts";
import { environmentEntries } from "./support/arbitraries.ts";
import { renderInput } from "./support/fixtures.ts";
import { allPodSpecs, containersOf, find, ofKind } from "./support/objects.ts";

/** The long-running Airflow pod templates of the fixture's deployment, sorted. */
const POD_TEMPLATES = [
  "Deployment/api-server",
  "Deployment/dag-processor",
  "Deployment/scheduler",
  "Deployment/triggerer",
  "Deployment/worker-default",
  "Deployment/worker-heavy",
];

const ENTRIES: EnvironmentEntry[] = [
  {
    kind: "environmentVariable",
    key: "WAREHOUSE_REGION",
    value: "eu-west-1",
    rowId: "row-1",
    valueVersion: 1,
  },
  {
    kind: "environmentVariable",
    key: "API_TOKEN",
    value: "tok-6f1e9a-secret",
    rowId: "row-2",
    valueVersion: 3,
  },
  {
    kind: "airflowConnection",
    key: "warehouse",
    value: "postgres://etl:pw-9c2d@db.example.com:5432/analytics",
    rowId: "row-3",
    valueVersion: 2,
  },
  { kind: "airflowVariable", key: "threshold", value: "threshold-7731", rowId: "row-4", valueVersion: 1 },
];

function decoded(secret: KubeObject): Record<string, string> {
  const data = (secret.data ?? {}) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
  );
}

function render(overrides: Partial<RenderInput> = {}, specOverrides = {}) {
  return renderDeployment(renderInput({ environment: ENTRIES, ...overrides }, specOverrides));
}

/** The environment checksum annotation of every long-running Airflow pod template. */
function checksums(objects: KubeObject[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const pod of allPodSpecs(objects)) {
    const value = pod.annotations[ENVIRONMENT_CHECKSUM];
    if (value) found.set(pod.where, value);
  }
  return found;
}

describe("the airflow-environment Secret", () => {
  it("carries each object under the name Airflow reads it from, with its real value", () => {
    const secret = find(render(), "Secret", "airflow-environment");
    expect(secret.stringData).toBeUndefined();
    expect(decoded(secret)).toEqual({
      WAREHOUSE_REGION: "eu-west-1",
      API_TOKEN: "tok-6f1e9a-secret",
      AIRFLOW_CONN_WAREHOUSE: "postgres://etl:pw-9c2d@db.example.com:5432/analytics",
      AIRFLOW_VAR_THRESHOLD: "threshold-7731",
    });
    expect(validateObject(secret)).toEqual([]);
  });

  it("keeps non-ASCII and multi-line values intact", () => {
    const value = "-----BEGIN KEY-----\nZmFrZQ==\n-----END KEY-----\nünïcødé ✓";
    const objects = render({
      environment: [{ kind: "environmentVariable", key: "PEM", value, rowId: "r", valueVersion: 1 }],
    });
    expect(decoded(find(objects, "Secret", "airflow-environment"))).toEqual({ PEM: value });
  });

  it("is rendered (empty) when there is no environment, so envFrom always resolves", () => {
    const objects = renderDeployment(renderInput());
    const secret = find(objects, "Secret", "airflow-environment");
    expect(decoded(secret)).toEqual({});
    expect(validateObject(secret)).toEqual([]);
  });

  it("never puts a value anywhere but that Secret", () => {
    for (const spec of [{}, { executor: "KUBERNETES" as const, workerQueues: [] }]) {
      const objects = render({}, spec);
      const elsewhere = toYamlDocuments(objects.filter((o) => o.metadata.name !== "airflow-environment"));
      for (const entry of ENTRIES) expect(elsewhere).not.toContain(entry.value);
      for (const configMap of ofKind(objects, "ConfigMap")) {
        expect(JSON.stringify(configMap)).not.toContain("tok-6f1e9a");
      }
    }
  });
});

describe("envFrom", () => {
  it("reaches every Airflow container (Celery and KubernetesExecutor, both runtime lines) and nothing else", () => {
    const specs = [
      {},
      { runtimeVersion: "2.11.0" },
      { executor: "KUBERNETES" as const, workerQueues: [] },
      { runtimeVersion: "2.10.5", executor: "KUBERNETES" as const, workerQueues: [], highAvailability: true },
    ];
    for (const spec of specs) {
      const pods = allPodSpecs(render({}, spec));
      const airflowPods = pods.filter((pod) => pod.labels["app.kubernetes.io/name"] === "airflow");
      const components = new Set(airflowPods.map((pod) => pod.labels["app.kubernetes.io/component"]));
      const expected = ["scheduler", "triggerer", "dag-processor", "migrate"];
      for (const component of expected) expect(components).toContain(component);
      expect(components.has("api-server") || components.has("webserver")).toBe(true);
      expect(components.has("worker") || components.has("task")).toBe(true);
      for (const pod of airflowPods) {
        for (const container of containersOf(pod.spec)) {
          expect({ where: pod.where, container: container.name, envFrom: container.envFrom }).toEqual({
            where: pod.where,
            container: container.name,
            envFrom: [
              { configMapRef: { name: "airflow-config" } },
              { secretRef: { name: "airflow-environment" } },
            ],
          });
        }
      }
      for (const pod of pods.filter((p) => p.labels["app.kubernetes.io/name"] !== "airflow")) {
        for (const container of containersOf(pod.spec)) {
          expect(JSON.stringify(container.envFrom ?? [])).not.toContain("airflow-environment");
        }
      }
    }
  });
});

describe("the environment checksum", () => {
  it("is on every long-running Airflow pod template and is the same on all of them", () => {
    const found = checksums(render());
    expect([...found.keys()].sort()).toEqual(POD_TEMPLATES);
    expect(new Set(found.values()).size).toBe(1);
  });

  it("changes when a value changes (its version is bumped), a key is added, removed or renamed", () => {
    const before = checksums(render()).get("Deployment/scheduler");
    const variants: EnvironmentEntry[][] = [
      ENTRIES.map((e) => (e.rowId === "row-2" ? { ...e, value: "new", valueVersion: 4 } : e)),
      [...ENTRIES, { kind: "airflowVariable", key: "extra", value: "1", rowId: "row-5", valueVersion: 1 }],
      ENTRIES.slice(1),
      ENTRIES.map((e) => (e.rowId === "row-1" ? { ...e, key: "WAREHOUSE_ZONE" } : e)),
      // Deleted and re-created under the same name: a new row.
      ENTRIES.map((e) => (e.rowId === "row-4" ? { ...e, rowId: "row-9" } : e)),
    ];
    for (const environment of variants) {
      const after = checksums(render({ environment })).get("Deployment/scheduler");
      expect(after).not.toBe(before);
    }
  });

  it("does not change otherwise, and is not computed from values", () => {
    const before = render();
    // Same rows and versions, different values: the checksum cannot tell (it never saw them).
    const sameIdentity = render({ environment: ENTRIES.map((e) => ({ ...e, value: `${e.value}-other` })) });
    const reordered = render({ environment: [...ENTRIES].reverse() });
    const redacted = render({
      secrets: "redacted",
      environment: ENTRIES.map((e) => ({ ...e, value: null })),
    });
    for (const other of [sameIdentity, reordered, redacted])
      expect(checksums(other)).toEqual(checksums(before));
    // The config checksum, which does hash the platform's random secrets, ignores the environment.
    const config = (objects: KubeObject[]) =>
      allPodSpecs(objects).find((p) => p.where === "Deployment/scheduler")?.annotations[
        "skyport.io/config-checksum"
      ];
    expect(config(render({ environment: [] }))).toBe(config(before));
  });

  it("rolls only what the environment reaches: the Secret and the Airflow Deployments", () => {
    const before = render();
    const after = render({
      environment: ENTRIES.map((e) =>
        e.rowId === "row-1" ? { ...e, value: "us-east-1", valueVersion: 2 } : e,
      ),
    });
    const changed = after
      .filter((object, index) => JSON.stringify(object) !== JSON.stringify(before[index]))
      .map((o) => `${o.kind}/${o.metadata.name}`);
    expect(changed.sort()).toEqual([...POD_TEMPLATES, "Secret/airflow-environment"]);
  });
});

describe("redacted manifests", () => {
  it("list every name with a <redacted> value and need no values at all", () => {
    const objects = render({ secrets: "redacted", environment: ENTRIES.map((e) => ({ ...e, value: null })) });
    const secret = find(objects, "Secret", "airflow-environment");
    expect(secret.data).toBeUndefined();
    expect(secret.stringData).toEqual({
      AIRFLOW_CONN_WAREHOUSE: REDACTED,
      AIRFLOW_VAR_THRESHOLD: REDACTED,
      API_TOKEN: REDACTED,
      WAREHOUSE_REGION: REDACTED,
    });
  });

  it("redact values even when they are given", () => {
    const yaml = toYamlDocuments(render({ secrets: "redacted" }));
    for (const entry of ENTRIES) expect(yaml).not.toContain(entry.value);
  });

  it("hold for any environment: values appear nowhere, names are all listed", () => {
    fc.assert(
      fc.property(environmentEntries(), (environment) => {
        const objects = render({ secrets: "redacted", environment });
        const secret = find(objects, "Secret", "airflow-environment");
        const values = Object.values(secret.stringData as Record<string, string>);
        expect(values.every((value) => value === REDACTED)).toBe(true);
        expect(values).toHaveLength(environment.length);
      }),
      { numRuns: 50 },
    );
  });
});

describe("last refusals before the cluster", () => {
  function issues(environment: EnvironmentEntry[], secrets?: "redacted"): string[] {
    try {
      render({ environment, ...(secrets ? { secrets } : {}) });
      return [];
    } catch (error) {
      if (!(error instanceof RenderInputError)) throw error;
      return error.issues.map((issue) => `${issue.field}: ${issue.message}`);
    }
  }
  const entry = (
    kind: EnvironmentEntry["kind"],
    key: string,
    value: string | null = "v",
  ): EnvironmentEntry => ({
    kind,
    key,
    value,
    rowId: `row-${key}`,
    valueVersion: 1,
  });

  it("refuses reserved and malformed names without quoting values", () => {
    const found = issues([
      entry("environmentVariable", "AIRFLOW__CORE__FERNET_KEY", "leaked-value-1"),
      entry("environmentVariable", "BAD-NAME", "leaked-value-2"),
      entry("airflowConnection", "airflow_db", "leaked-value-3"),
      entry("airflowVariable", "a.b", "leaked-value-4"),
    ]);
    expect(found).toHaveLength(4);
    expect(found[0]).toContain(
      "environment.AIRFLOW__CORE__FERNET_KEY: AIRFLOW__CORE__FERNET_KEY is reserved",
    );
    expect(found.join("\n")).not.toContain("leaked-value");
  });

  it("refuses a name delivered twice (a variable and a connection cannot share AIRFLOW_CONN_X)", () => {
    const found = issues([entry("airflowVariable", "x"), entry("airflowVariable", "X")]);
    expect(found).toEqual(["environment.AIRFLOW_VAR_X: is delivered twice"]);
  });

  it("refuses more than a Kubernetes Secret can hold", () => {
    const big = "x".repeat(MAX_ENVIRONMENT_BYTES / 2);
    expect(issues([entry("environmentVariable", "A", big), entry("environmentVariable", "B", big)])).toEqual([
      `environment: adds up to ${MAX_ENVIRONMENT_BYTES + 2} bytes; a Kubernetes Secret holds at most ${MAX_ENVIRONMENT_BYTES}`,
    ]);
  });

  it("refuses a missing value unless the manifests are redacted", () => {
    expect(issues([entry("environmentVariable", "A", null)])).toEqual([
      "environment.A: has no value (only redacted manifests may omit values)",
    ]);
    expect(issues([entry("environmentVariable", "A", null)], "redacted")).toEqual([]);
  });
});
