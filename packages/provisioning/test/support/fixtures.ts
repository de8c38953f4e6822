// Hand-written render inputs for example-based tests.
import { type DeploymentSpec, type DeploymentSpecInput, deploymentSpec } from "@skyport/deployment-spec";
import { generateRuntimeSecrets, type RenderInput, type RuntimeSecrets } from "../../src/index.ts";

export const SECRETS: RuntimeSecrets = {
  ...generateRuntimeSecrets(),
  metadataDbUrl: "postgresql://deployment_abc123:s3cr3t-db-password-value@10.20.0.5:5432/airflow_abc123",
};

/** Skyport's address as the worker hands it to the renderer, for telemetry and the bundle sync. */
export const SKYPORT_ENDPOINT = { url: "https://skyport.example.com", cidr: "203.0.113.10/32", port: 443 };

/** The bundle sync through SKYPORT_ENDPOINT with a bundle credential (a fixed one unless told). */
export function bundleSyncInput(credential: string | null = `skpb_${"c".repeat(43)}`) {
  return { ...SKYPORT_ENDPOINT, credential };
}

export function spec(overrides: Partial<DeploymentSpecInput> = {}): DeploymentSpec {
  return deploymentSpec({
    name: "sales-etl",
    runtimeVersion: "3.3.1",
    executor: "CELERY",
    schedulerSize: "M",
    workerQueues: [
      { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 5, workerConcurrency: 8 },
      { name: "heavy", workerSize: "L", minWorkers: 0, maxWorkers: 3, workerConcurrency: 4 },
    ],
    ...overrides,
  });
}

export function renderInput(
  overrides: Partial<RenderInput> = {},
  specOverrides: Partial<DeploymentSpecInput> = {},
): RenderInput {
  return {
    deploymentId: "cm1dep0000abc123",
    shortId: "abc123",
    organizationId: "cm1org0000000001",
    workspaceId: "cm1wsp0000000001",
    name: "sales-etl",
    spec: spec(specOverrides),
    generation: 3,
    baseDomain: "airflow.skyport.example",
    controlPlane: { namespace: "skyport-system", podLabels: { "app.kubernetes.io/name": "skyport-worker" } },
    runtimeDatabase: { host: "10.20.0.5", port: 5432 },
    clusterApi: { cidr: "10.96.0.1/32", port: 443 },
    secrets: SECRETS,
    ...overrides,
  };
}
