// `npm start` provisioning on a REAL Kubernetes control plane (@skyport/testing/kube: etcd,
// kube-apiserver with its default admission plugins and RBAC, kube-controller-manager,
// kube-scheduler and kwok, whose fake node runs the pods), with KEDA's CRDs installed: what the
// CLI journeys run against. Skyport's worker talks to it as skyport-provisioner through a
// kubeconfig file. Each deployment's metadata database is created on the test PostgreSQL server.
// Without the control plane (`npm run kube:install`) the journeys skip with a banner (CI fails).
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import type { KubeObject } from "@skyport/provisioning";
import { createTestDatabase, databaseUrlFor, testPostgresServerUrl } from "@skyport/testing";
import {
  installKedaCrds,
  KUBE_CONTROL_PLANE,
  type KubeCluster,
  startKubeCluster,
} from "@skyport/testing/kube";
import { hasToolchain } from "@skyport/testing/toolchain";
import { liveObjectsIn } from "../../packages/provisioning/test/support/real-cluster.ts";
import { buildCli } from "./cli.ts";
import { type RunningStack, stackEnvironment, startStack } from "./stack.ts";

/** Whether the control plane is built (a banner names `npm run kube:install` when it is not). */
export const controlPlaneAvailable = hasToolchain(KUBE_CONTROL_PLANE);

export interface ClusterStack {
  stack: RunningStack;
  cluster: KubeCluster;
  /** Admin URL of the server holding the deployments' metadata databases. */
  runtimeAdminUrl: string;
  /** Names of the namespaces the API server holds (Terminating ones included). */
  namespaces(): Promise<string[]>;
  /** Skyport's objects in a namespace, as the API server holds them. */
  objectsIn(namespace: string): Promise<KubeObject[]>;
  stop(): Promise<void>;
}

/** Builds the CLI and starts the stack on a fresh control plane; `name` labels its state folder. */
export async function startStackOnCluster(name: string): Promise<ClusterStack> {
  buildCli();
  const cluster = await startKubeCluster();
  const stateDir = await mkdtemp(path.join(tmpdir(), `skyport-e2e-${name}-`));
  await chmod(stateDir, 0o755);
  const cleanUp = async () => {
    await cluster.stop();
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    await installKedaCrds(cluster);
    const runtimeAdminUrl = databaseUrlFor(testPostgresServerUrl(), "postgres");
    const { url } = await createTestDatabase();
    const stack = await startStack(
      stackEnvironment(url, stateDir, {
        KUBECONFIG: cluster.writeKubeconfig(cluster.skyportToken),
        RUNTIME_DATABASE_URL: runtimeAdminUrl,
        PROVISIONING_READY_TIMEOUT_MS: "120000",
      }),
      await findFreePort(),
    );
    return {
      stack,
      cluster,
      runtimeAdminUrl,
      async namespaces() {
        const { body } = await cluster.request<{ items: { metadata: { name: string } }[] }>(
          "GET",
          "/api/v1/namespaces",
        );
        return body.items.map((item) => item.metadata.name);
      },
      objectsIn: (namespace) => liveObjectsIn(cluster, namespace),
      async stop() {
        await stack.stop("SIGINT");
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
