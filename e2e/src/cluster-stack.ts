// `npm start` provisioning on the Kubernetes stand-in (real HTTP protocol, driven by the real
// @kubernetes/client-node), whose workloads become ready the way a cluster's controllers would
// make them: what the CLI journeys run against. Each deployment's metadata database is created
// on the test PostgreSQL server.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { createTestDatabase, databaseUrlFor, testPostgresServerUrl, testRedis } from "@skyport/testing";
import { KubeStandIn } from "../../packages/provisioning/test/support/kube-stand-in.ts";
import { buildCli } from "./cli.ts";
import { startReadyController } from "./kube-controllers.ts";
import { type RunningStack, startStack } from "./stack.ts";

export interface ClusterStack {
  stack: RunningStack;
  standIn: KubeStandIn;
  /** Admin URL of the server holding the deployments' metadata databases. */
  runtimeAdminUrl: string;
  stop(): Promise<void>;
}

/** Builds the CLI and starts the stack on a fresh stand-in cluster; `name` labels its state folder. */
export async function startStackOnStandIn(name: string): Promise<ClusterStack> {
  buildCli();
  const standIn = await KubeStandIn.start();
  const stopControllers = startReadyController(standIn);
  const kubeconfig = standIn.writeKubeconfig();
  const runtimeAdminUrl = databaseUrlFor(testPostgresServerUrl(), "postgres");
  const stateDir = await mkdtemp(path.join(tmpdir(), `skyport-e2e-${name}-`));
  await chmod(stateDir, 0o755);
  const cleanUp = async () => {
    stopControllers();
    await standIn.stop();
    await rm(stateDir, { recursive: true, force: true });
    await rm(path.dirname(kubeconfig), { recursive: true, force: true });
  };
  try {
    const { url } = await createTestDatabase();
    const stack = await startStack(
      {
        ...process.env,
        DATABASE_URL: url,
        REDIS_URL: testRedis().url,
        SKYPORT_STATE_DIR: stateDir,
        KUBECONFIG: kubeconfig,
        RUNTIME_DATABASE_URL: runtimeAdminUrl,
        PROVISIONING_READY_TIMEOUT_MS: "120000",
      },
      await findFreePort(),
    );
    return {
      stack,
      standIn,
      runtimeAdminUrl,
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
