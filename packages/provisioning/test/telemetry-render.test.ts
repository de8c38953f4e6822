// Runtimes report to Skyport by default: every Airflow container reads AIRFLOW__OPENLINEAGE__TRANSPORT
// (Skyport's http transport with the ingest token, gzip) from the skyport-openlineage Secret, the
// namespace is one per deployment, a customer's own transport is composed with Skyport's rather
// than replaced, allow-skyport lets exactly Skyport's host:port out, and StatsD is configured
// and mapped as @skyport/metrics parses it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDeploymentSpec } from "@skyport/deployment-spec";
import { renderStatsdExporterMapping } from "@skyport/metrics";
import { describe, expect, it } from "vitest";
import {
  type EnvironmentEntry,
  type KubeObject,
  REDACTED,
  RenderInputError,
  renderDeployment,
  writeManifests,
} from "../src/index.ts";
import { INGEST_TOKEN } from "./support/arbitraries.ts";
import { bundleSyncInput, renderInput, SKYPORT_ENDPOINT } from "./support/fixtures.ts";
import { allPodSpecs, find, ofKind } from "./support/objects.ts";

const openLineage = { ...SKYPORT_ENDPOINT, token: INGEST_TOKEN };
const SKYPORT_TRANSPORT = {
  type: "http",
  url: "https://skyport.example.com/",
  endpoint: "api/v1/lineage",
  auth: { type: "api_key", apiKey: INGEST_TOKEN },
  compression: "gzip",
};

function transportOf(objects: KubeObject[]): unknown {
  const data = find(objects, "Secret", "skyport-openlineage").stringData as Record<string, string>;
  expect(Object.keys(data)).toEqual(["transport"]);
  return data.transport === REDACTED ? REDACTED : JSON.parse(data.transport ?? "");
}

function configOf(objects: KubeObject[]): Record<string, string> {
  return find(objects, "ConfigMap", "airflow-config").data as Record<string, string>;
}

function variable(key: string, value: string | null): EnvironmentEntry {
  return { kind: "environmentVariable", key, value, rowId: `row-${key}`, valueVersion: 1 };
}

describe("OpenLineage in rendered runtimes", () => {
  it("delivers Skyport's transport to every Airflow container from a Secret, and the token nowhere else", () => {
    for (const executor of ["CELERY", "KUBERNETES"] as const) {
      const objects = renderDeployment(
        renderInput(
          { openLineage },
          { executor, ...(executor === "KUBERNETES" ? { workerQueues: [] } : {}) },
        ),
      );
      expect(transportOf(objects)).toEqual(SKYPORT_TRANSPORT);
      const airflowContainers = allPodSpecs(objects).flatMap(({ where, spec }) =>
        [...(spec.initContainers ?? []), ...spec.containers]
          .filter((container) => container.image?.startsWith("apache/airflow"))
          .map((container) => ({ where: `${where}/${container.name}`, container })),
      );
      // scheduler, api-server, triggerer, dag-processor, workers (or the task pod template), migrations.
      expect(airflowContainers.length).toBeGreaterThanOrEqual(6);
      for (const { where, container } of airflowContainers) {
        const env = container.env?.find((e) => e.name === "AIRFLOW__OPENLINEAGE__TRANSPORT");
        expect(env, where).toEqual({
          name: "AIRFLOW__OPENLINEAGE__TRANSPORT",
          valueFrom: { secretKeyRef: { name: "skyport-openlineage", key: "transport" } },
        });
      }
      expect(configOf(objects).AIRFLOW__OPENLINEAGE__NAMESPACE).toBe("skyport-abc123");
      const elsewhere = objects.filter(
        (o) => !(o.kind === "Secret" && o.metadata.name === "skyport-openlineage"),
      );
      expect(JSON.stringify(elsewhere)).not.toContain(INGEST_TOKEN);
    }
  });

  it("writes <redacted> instead of the token in render-only manifests on disk", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-telemetry-render-"));
    try {
      const objects = renderDeployment(
        renderInput({ openLineage: { ...openLineage, token: null }, secrets: "redacted" }),
      );
      await writeManifests(dir, objects);
      const files = readdirSync(dir);
      const all = files.map((file) => readFileSync(path.join(dir, file), "utf8")).join("\n");
      expect(all).toContain("AIRFLOW__OPENLINEAGE__TRANSPORT");
      expect(all).toContain(`transport: ${REDACTED}`);
      expect(all).not.toMatch(/skl_|apiKey|api_key/);
      // Even given a token, a redacted render does not place it.
      const given = renderDeployment(renderInput({ openLineage, secrets: "redacted" }));
      expect(JSON.stringify(given)).not.toContain(INGEST_TOKEN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a real render without the token, naming the field", () => {
    expect(() => renderDeployment(renderInput({ openLineage: { ...openLineage, token: null } }))).toThrow(
      /openLineage\.token is required/,
    );
  });

  it("composes a customer's own transport (environment variable or override) with Skyport's", () => {
    const theirs = { type: "http", url: "https://marquez.customer.example", endpoint: "api/v1/lineage" };
    const composite = {
      type: "composite",
      continue_on_failure: true,
      continue_on_success: true,
      transports: { skyport: SKYPORT_TRANSPORT, customer: theirs },
    };
    const viaVariable = renderDeployment(
      renderInput({
        openLineage,
        environment: [variable("AIRFLOW__OPENLINEAGE__TRANSPORT", JSON.stringify(theirs))],
      }),
    );
    expect(transportOf(viaVariable)).toEqual(composite);
    const overrides = {
      airflowConfigOverrides: [{ section: "openlineage", key: "transport", value: JSON.stringify(theirs) }],
    };
    const viaOverride = renderDeployment(renderInput({ openLineage }, overrides));
    expect(transportOf(viaOverride)).toEqual(composite);
    // The container's env (Skyport's composite) beats the customer's envFrom value it contains.
    const scheduler = allPodSpecs(viaOverride).find((p) => p.where === "Deployment/scheduler");
    expect(scheduler?.spec.containers[0]?.env?.map((e) => e.name)).toContain(
      "AIRFLOW__OPENLINEAGE__TRANSPORT",
    );
    // Without OpenLineage to Skyport, the customer's setting is theirs alone.
    const alone = renderDeployment(renderInput({}, overrides));
    expect(configOf(alone).AIRFLOW__OPENLINEAGE__TRANSPORT).toBe(JSON.stringify(theirs));
    expect(ofKind(alone, "Secret").map((s) => s.metadata.name)).not.toContain("skyport-openlineage");
  });

  it("refuses a customer transport that is not a transport object, naming where it was set", () => {
    for (const value of ["not json", "[1]", '{"url":"https://x"}']) {
      let error: unknown;
      try {
        renderDeployment(
          renderInput({ openLineage, environment: [variable("AIRFLOW__OPENLINEAGE__TRANSPORT", value)] }),
        );
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(RenderInputError);
      expect((error as RenderInputError).issues.map((issue) => issue.field)).toEqual([
        "environment.AIRFLOW__OPENLINEAGE__TRANSPORT",
      ]);
      expect((error as Error).message).not.toContain(value);
    }
  });

  it("lets a customer choose their own OpenLineage namespace", () => {
    const objects = renderDeployment(
      renderInput(
        { openLineage },
        {
          airflowConfigOverrides: [{ section: "openlineage", key: "namespace", value: "sales" }],
        },
      ),
    );
    expect(configOf(objects).AIRFLOW__OPENLINEAGE__NAMESPACE).toBe("sales");
  });

  it("allow-skyport lets every Airflow pod reach exactly Skyport's host:port", () => {
    const objects = renderDeployment(renderInput({ openLineage }));
    expect(find(objects, "NetworkPolicy", "allow-skyport").spec).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "airflow" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "203.0.113.10/32" } }], ports: [{ protocol: "TCP", port: 443 }] }],
    });
    // Bundle sync at the same address: still one rule; at another: one rule each.
    const bundleSync = bundleSyncInput();
    const same = find(
      renderDeployment(renderInput({ openLineage, bundleSync })),
      "NetworkPolicy",
      "allow-skyport",
    );
    expect((same.spec as { egress: unknown[] }).egress).toHaveLength(1);
    const other = find(
      renderDeployment(
        renderInput({ openLineage, bundleSync: { ...bundleSync, cidr: "198.51.100.7/32", port: 8443 } }),
      ),
      "NetworkPolicy",
      "allow-skyport",
    );
    expect((other.spec as { egress: unknown[] }).egress).toEqual([
      { to: [{ ipBlock: { cidr: "198.51.100.7/32" } }], ports: [{ protocol: "TCP", port: 8443 }] },
      { to: [{ ipBlock: { cidr: "203.0.113.10/32" } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
  });
});

describe("StatsD in rendered runtimes", () => {
  it("ships @skyport/metrics' exporter mapping and the tags it needs, per Airflow line", () => {
    for (const [runtimeVersion, major] of [
      ["3.3.1", 3],
      ["2.11.0", 2],
    ] as const) {
      const objects = renderDeployment(renderInput({}, { runtimeVersion }));
      const mappings = find(objects, "ConfigMap", "statsd-mappings").data as Record<string, string>;
      expect(mappings["mappings.yml"]).toBe(renderStatsdExporterMapping(major));
      const config = configOf(objects);
      expect(config.AIRFLOW__METRICS__STATSD_HOST).toBe("statsd-exporter");
      expect(config.AIRFLOW__METRICS__STATSD_ON).toBe("True");
      expect(config.AIRFLOW__METRICS__STATSD_INFLUXDB_ENABLED).toBe(major === 3 ? "True" : undefined);
    }
  });

  it("keeps statsd_influxdb_enabled out of customers' reach", () => {
    const parsed = parseDeploymentSpec({
      name: "sales-etl",
      runtimeVersion: "3.3.1",
      executor: "CELERY",
      airflowConfigOverrides: [{ section: "metrics", key: "statsd_influxdb_enabled", value: "False" }],
    });
    expect(parsed.ok).toBe(false);
  });
});
