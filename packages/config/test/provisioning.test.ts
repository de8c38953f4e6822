import path from "node:path";
import { parseConfig, provisioningSettings, workerEnvSchema } from "@skyport/config";
import { describe, expect, it } from "vitest";
import { issuesOf as issuesOfParse, validEnv } from "./support.ts";

const valid = { ...validEnv, DATABASE_URL: "postgresql://skyport:pw@db.internal:6543/skyport" };

const issuesOf = (env: Record<string, string>) =>
  issuesOfParse(() => parseConfig("worker", workerEnvSchema, { ...valid, ...env }));

describe("worker provisioning settings", () => {
  it("defaults: metadata databases on Skyport's own server, manifests under the state directory", () => {
    const config = parseConfig("worker", workerEnvSchema, valid);
    expect(config).toMatchObject({
      SKYPORT_BASE_DOMAIN: "skyport.localhost",
      PROVISIONING_READY_TIMEOUT_MS: 600_000,
      DRIFT_SWEEP_INTERVAL_MS: 300_000,
    });
    expect(provisioningSettings(config, "/srv/skyport")).toEqual({
      runtimeDatabaseUrl: valid.DATABASE_URL,
      runtimeDatabase: { host: "db.internal", port: 6543 },
      manifestsDir: path.join("/srv/skyport", ".skyport", "manifests"),
      readyTimeoutMs: 600_000,
      driftSweepIntervalMs: 300_000,
    });
  });

  it("takes the runtime server, how pods reach it, and where manifests go from the environment", () => {
    const config = parseConfig("worker", workerEnvSchema, {
      ...valid,
      RUNTIME_DATABASE_URL: "postgresql://admin:secret@[fd00::7]/postgres?sslmode=require",
      RUNTIME_DATABASE_CIDR: "10.20.0.0/16",
      SKYPORT_STATE_DIR: "/var/lib/skyport",
      KUBERNETES_API_CIDR: "10.96.0.1/32",
      SKYPORT_CONTROL_PLANE_NAMESPACE: "skyport-system",
      PROVISIONING_READY_TIMEOUT_MS: "120000",
      DRIFT_SWEEP_INTERVAL_MS: "60000",
    });
    expect(provisioningSettings(config, "/srv")).toEqual({
      runtimeDatabaseUrl: "postgresql://admin:secret@[fd00::7]/postgres?sslmode=require",
      runtimeDatabase: { host: "fd00::7", port: 5432, cidr: "10.20.0.0/16" },
      runtimeDatabaseSslMode: "require",
      manifestsDir: "/var/lib/skyport/manifests",
      readyTimeoutMs: 120_000,
      driftSweepIntervalMs: 60_000,
      kubernetesApiCidr: "10.96.0.1/32",
      controlPlaneNamespace: "skyport-system",
    });
    const clusterHost = parseConfig("worker", workerEnvSchema, {
      ...valid,
      RUNTIME_DATABASE_CLUSTER_HOST: "10.20.0.5",
      SKYPORT_MANIFESTS_DIR: "out/manifests",
    });
    expect(provisioningSettings(clusterHost, "/srv")).toMatchObject({
      runtimeDatabase: { host: "10.20.0.5", port: 6543 },
      manifestsDir: "/srv/out/manifests",
    });
  });

  it("names each malformed setting", () => {
    const issues = issuesOf({
      RUNTIME_DATABASE_URL: "mysql://db/x",
      RUNTIME_DATABASE_CLUSTER_HOST: "not a host!",
      RUNTIME_DATABASE_CIDR: "10.0.0.0",
      KUBERNETES_API_CIDR: "10.0.0.1/33",
      SKYPORT_CONTROL_PLANE_NAMESPACE: "Skyport",
      PROVISIONING_READY_TIMEOUT_MS: "soon",
      DRIFT_SWEEP_INTERVAL_MS: "10",
    });
    expect(Object.fromEntries(issues.map((i) => [i.variable, i.message]))).toEqual({
      RUNTIME_DATABASE_URL: "must be a PostgreSQL URL like postgresql://user:password@host:5432/postgres",
      RUNTIME_DATABASE_CLUSTER_HOST: "must be a host name or an IP address",
      RUNTIME_DATABASE_CIDR: "must be an address range like 10.20.0.0/16 or 10.20.0.5/32",
      KUBERNETES_API_CIDR: "must be an address range like 10.20.0.0/16 or 10.20.0.5/32",
      SKYPORT_CONTROL_PLANE_NAMESPACE: "must be a Kubernetes namespace name",
      PROVISIONING_READY_TIMEOUT_MS: "must be a number of milliseconds",
      DRIFT_SWEEP_INTERVAL_MS: "must be at least 1000",
    });
  });
});
