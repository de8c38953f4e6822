// The worker refuses to start (exit 78, naming the variable) on cluster settings every deployment
// would fail on, before it connects to anything.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeStandIn } from "../../../../packages/domain/test/provisioning/support.ts";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
let dir: string;
let standIn: KubeStandIn;
const cleanup: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "skyport-startup-"));
  standIn = await KubeStandIn.start();
});
afterAll(async () => {
  await standIn.stop();
  for (const target of [dir, ...cleanup]) await rm(target, { recursive: true, force: true });
});

async function startWorker(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const base = { ...process.env };
  delete base.KUBERNETES_SERVICE_HOST;
  const child = spawn(
    path.join(REPO, "node_modules/.bin/tsx"),
    [path.join(REPO, "apps/worker/src/main.ts")],
    {
      env: {
        ...base,
        DATABASE_URL: "postgresql://skyport@127.0.0.1:1/skyport",
        REDIS_URL: "redis://127.0.0.1:1",
        SKYPORT_SECRET: "startup-test-secret-0123456789abcdefghijkl",
        SKYPORT_KEK: "worker-test:d29ya2VyLXRlc3Qta2VrLTAxMjM0NTY3ODlhYmNkZWY=",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  return { code, stderr };
}

describe("worker start-up with provisioning settings", () => {
  it("stops when KUBECONFIG names a file that does not exist", async () => {
    const missing = path.join(dir, "nope", "config");
    const { code, stderr } = await startWorker({ KUBECONFIG: missing });
    expect(code).toBe(78);
    expect(stderr).toContain(`KUBECONFIG: KUBECONFIG names ${missing}, which does not exist`);
  });

  it("stops when KUBECONFIG is not a kubeconfig, without echoing the file", async () => {
    const file = path.join(dir, "broken");
    await writeFile(file, "users: [ { token: sk-very-secret-token\n");
    const { code, stderr } = await startWorker({ KUBECONFIG: file });
    expect(code).toBe(78);
    expect(stderr).toContain("KUBECONFIG: is not a readable kubeconfig file");
    expect(stderr).not.toContain("sk-very-secret-token");
  });

  it("stops when, with a cluster, the runtime database host is a name and no address range is set", async () => {
    const kubeconfig = standIn.writeKubeconfig();
    cleanup.push(path.dirname(kubeconfig));
    const { code, stderr } = await startWorker({
      KUBECONFIG: kubeconfig,
      RUNTIME_DATABASE_CLUSTER_HOST: "db.internal.example",
    });
    expect(code).toBe(78);
    expect(stderr).toContain(
      "RUNTIME_DATABASE_CIDR: is required with a cluster when the runtime database host (db.internal.example) is a name",
    );
  });
});
