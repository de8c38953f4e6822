// The deploy journey against the real `npm start` stack, provisioning on a real Kubernetes control plane:
// `skyport deploy` a DAG folder, see the bundle sync in the runtime's objects, run the real sync
// process with the credential the worker put into the runtime's Secret (it installs the bundle and
// the deploy turns ACTIVE), deploy a change, list, roll back, and have corrupted uploads refused.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { craftTarball } from "../../packages/dag-bundle/test/craft.ts";
import { type CliResult, cliUser, expectSuccess as succeeded } from "../src/cli.ts";
import { type ClusterStack, controlPlaneAvailable, startStackOnCluster } from "../src/cluster-stack.ts";
import type { RunningStack } from "../src/stack.ts";

const PASSWORD = "correct horse battery staple";
const SYNC = path.resolve("packages/dag-bundle/sync/skyport_bundle_sync.py");

let stack: RunningStack;
const expectSuccess = (result: CliResult, what: string) => succeeded(result, what, stack);
const cleanup: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

function runSync(root: string, token: string, component: string): Promise<{ code: number; output: string }> {
  const child = spawn("python3", [SYNC, "--root", path.join(root, component), "--once"], {
    env: {
      PATH: process.env.PATH,
      SKYPORT_BUNDLE_URL: `${stack.baseUrl}/api/v1/runtime/bundle`,
      SKYPORT_BUNDLE_TOKEN: token,
      SKYPORT_BUNDLE_COMPONENT: component,
    },
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code: code ?? -1, output })));
}

/** What each rendered sync sidecar reports as (SKYPORT_BUNDLE_COMPONENT), one per Deployment. */
function syncComponents(objects: Record<string, unknown>[]): string[] {
  type Container = { name: string; env?: { name: string; value?: string }[] };
  return objects
    .filter((o) => o.kind === "Deployment")
    .flatMap(
      (o) =>
        (o as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers,
    )
    .filter((c) => c.name === "bundle-sync")
    .map((c) => c.env?.find((e) => e.name === "SKYPORT_BUNDLE_COMPONENT")?.value ?? "");
}

/** Every component's sync installs the current bundle once (each pod has a folder of its own). */
async function syncEverywhere(root: string, token: string, components: string[]): Promise<void> {
  for (const component of components) {
    const run = await runSync(root, token, component);
    expect(run.code, run.output).toBe(0);
  }
}

let cluster: ClusterStack;

beforeAll(async () => {
  if (!controlPlaneAvailable) return;
  cluster = await startStackOnCluster("deploy");
  ({ stack } = cluster);
});

afterAll(async () => {
  await cluster?.stop();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe.runIf(controlPlaneAvailable)("skyport deploy against the running stack", () => {
  it("deploy → runtime installs it → deploy a change → list → roll back; corrupted uploads refused", async () => {
    const configDir = await tempDir("skyport-e2e-deploy-config-");
    const skyport = cliUser({ apiUrl: stack.baseUrl, configDir });
    expectSuccess(
      await skyport(
        ["signup", "--email", "grace@acme.test", "--name", "Grace", "--organization-name", "Acme"],
        {
          SKYPORT_PASSWORD: PASSWORD,
        },
      ),
      "signup",
    );
    expectSuccess(await skyport(["workspace", "create", "Analytics"]), "workspace create");
    const created = await skyport(["deployment", "create", "etl", "--wait", "-o", "json"]);
    expectSuccess(created, "deployment create --wait");
    const etl = JSON.parse(created.stdout) as { id: string; organizationId: string; namespace: string };

    // The runtime carries the sync: its program, its credential and the egress rule.
    const objects = await cluster.objectsIn(etl.namespace);
    const names = objects.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "ConfigMap/skyport-bundle-sync",
        "Secret/skyport-bundle-credential",
        "NetworkPolicy/allow-skyport",
      ]),
    );
    const secret = objects.find(
      (o) => o.kind === "Secret" && (o.metadata as { name: string }).name === "skyport-bundle-credential",
    ) as { data?: Record<string, string>; stringData?: Record<string, string> };
    const credential =
      secret.stringData?.token ?? Buffer.from(secret.data?.token ?? "", "base64").toString("utf8");
    expect(credential).toMatch(/^skpb_/);

    const dags = await tempDir("skyport-e2e-dags-");
    await mkdir(path.join(dags, "dags"), { recursive: true });
    await writeFile(path.join(dags, "dags", "etl.py"), "print('v1')\n");
    const first = await skyport(["deploy", dags, "--deployment", "etl", "--description", "v1", "-o", "json"]);
    expectSuccess(first, "deploy v1");
    expect(JSON.parse(first.stdout)).toMatchObject({ number: 1, status: "ROLLING_OUT" });

    const components = syncComponents(objects);
    expect(components).toEqual(
      expect.arrayContaining(["scheduler", "dag-processor", "triggerer", "worker-default"]),
    );
    const [firstComponent, ...others] = components as [string, ...string[]];
    const root = await tempDir("skyport-e2e-runtime-");
    const dagFile = path.join(root, firstComponent, "current", "dags", "etl.py");
    // One component has it: the deploy shows which, and waits for the others.
    await syncEverywhere(root, credential, [firstComponent]);
    expect(await readFile(dagFile, "utf8")).toBe("print('v1')\n");
    const partway = await skyport(["deploy", "inspect", "1", "--deployment", "etl", "-o", "json"]);
    const progress = JSON.parse(partway.stdout) as { status: string; progress: Record<string, string[]> };
    expect(progress.status).toBe("ROLLING_OUT");
    expect(progress.progress.installed).toEqual([firstComponent]);
    expect([...(progress.progress.waiting ?? [])].sort()).toEqual([...others].sort());
    await syncEverywhere(root, credential, others);
    const active = await skyport(["deploy", "inspect", "1", "--deployment", "etl", "-o", "json"]);
    expectSuccess(active, "deploy inspect 1");
    expect(JSON.parse(active.stdout).status).toBe("ACTIVE");

    await writeFile(path.join(dags, "dags", "etl.py"), "print('v2')\n");
    expectSuccess(await skyport(["deploy", dags, "--deployment", "etl", "--description", "v2"]), "deploy v2");
    await syncEverywhere(root, credential, components);
    expect(await readFile(dagFile, "utf8")).toBe("print('v2')\n");

    const rollback = await skyport(["deploy", "rollback", "1", "--deployment", "etl", "-o", "json"]);
    expectSuccess(rollback, "deploy rollback 1");
    expect(JSON.parse(rollback.stdout)).toMatchObject({ number: 3, rollbackOf: { number: 1 } });
    await syncEverywhere(root, credential, components);
    expect(await readFile(dagFile, "utf8")).toBe("print('v1')\n");

    const history = await skyport(["deploy", "list", "--deployment", "etl", "-o", "json"]);
    expectSuccess(history, "deploy list");
    expect(
      JSON.parse(history.stdout).map((d: { number: number; status: string }) => [d.number, d.status]),
    ).toEqual([
      [3, "ACTIVE"],
      [2, "SUPERSEDED"],
      [1, "SUPERSEDED"],
    ]);

    // Corrupted uploads, sent as the CLI would, with the CLI's own session.
    const token = (parse(await readFile(path.join(configDir, "config.yaml"), "utf8")) as { token: string })
      .token;
    const upload = (sha: string, body: Buffer) =>
      fetch(
        `${stack.baseUrl}/api/v1/organizations/${etl.organizationId}/deployments/${etl.id}/bundles/${sha}`,
        {
          method: "PUT",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip" },
          body: new Blob([body as Uint8Array<ArrayBuffer>]),
        },
      );
    const sha = (body: Buffer) => createHash("sha256").update(body).digest("hex");
    const good = craftTarball([{ path: "dags/x.py", content: "x" }]);
    const traversal = craftTarball([{ path: "../../etc/passwd", content: "root" }]);
    const link = craftTarball([{ path: "dags/x.py", type: "SymbolicLink", linkpath: "/etc/passwd" }]);
    for (const [what, answer, message] of [
      ["wrong sha256", await upload("f".repeat(64), good), /SHA-256/],
      ["path traversal", await upload(sha(traversal), traversal), /climbs out/],
      ["symlink", await upload(sha(link), link), /symbolic link/],
    ] as const) {
      expect(answer.status, what).toBe(400);
      expect(((await answer.json()) as { error: { message: string } }).error.message, what).toMatch(message);
    }
    const after = await skyport(["deploy", "list", "--deployment", "etl", "-o", "json"]);
    expect(JSON.parse(after.stdout)).toHaveLength(3);
  });
});
