// Image deploys against the real `npm start` stack, rendering runtimes to disk (no cluster): the
// CLI sets a registry credential and deploys an image; the history shows it, the rendered
// manifests run every Airflow component from the image and pull it with the credential's
// imagePullSecret, and the password appears in no rendered file, no CLI output and no log line
// (the stack logs at trace). A rollback to an earlier DAG deploy is a new DAG deploy beside the
// image.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { createTestDatabase } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import * as e2eCli from "../src/cli.ts";
import { type RunningStack, stackEnvironment, startStack } from "../src/stack.ts";

const ADA_PASSWORD = "image deploys need twelve characters";
const REGISTRY_PASSWORD = "ghp_e2e-registry-token-never-shown-0123456789";
const STACK_START_MS = 20 * 60_000;
const IMAGE = "registry.example.com:5000/acme/airflow-etl:2026.12.05";

let stack: RunningStack;
let stateDir: string;
const cleanup: string[] = [];
const expectSuccess = (result: e2eCli.CliResult, what: string) => e2eCli.expectSuccess(result, what, stack);

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

type Manifest = { kind: string; metadata: { name: string }; [key: string]: unknown };
type PodSpec = {
  containers: { name: string; image: string }[];
  initContainers?: { name: string; image: string }[];
  imagePullSecrets?: { name: string }[];
};

/** The namespace's rendered files, read as text and as objects. */
async function renderedFiles(namespace: string): Promise<{ texts: string[]; objects: Manifest[] }> {
  const dir = path.join(stateDir, "manifests", namespace);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith(".yaml"));
  const texts = await Promise.all(names.map((name) => readFile(path.join(dir, name), "utf8")));
  const objects = texts.flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJSON() as Manifest));
  return { texts, objects };
}

/** Waits (up to 3 minutes) until the worker has rendered the runtime with `image`. */
async function renderedWith(
  namespace: string,
  image: string,
): Promise<{ texts: string[]; objects: Manifest[] }> {
  for (let attempt = 0; attempt < 360; attempt++) {
    const files = await renderedFiles(namespace);
    if (files.texts.some((text) => text.includes(image))) return files;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the runtime was not rendered with ${image}:\n${stack.output().slice(-3000)}`);
}

function podSpecOf(object: Manifest): PodSpec | undefined {
  const spec = object.spec as { template?: { spec?: PodSpec } } | undefined;
  return spec?.template?.spec;
}

beforeAll(async () => {
  e2eCli.buildCli();
  const { url } = await createTestDatabase();
  stateDir = await tempDir("skyport-e2e-image-");
  await chmod(stateDir, 0o755);
  stack = await startStack(
    stackEnvironment(url, stateDir, {
      SKYPORT_RUNTIME: "render",
      // Everything the processes can log, so a leak at any level shows.
      LOG_LEVEL: "trace",
    }),
    await findFreePort(),
    // A first build of the console on a busy machine takes longer than the default 8 minutes.
    STACK_START_MS,
  );
}, STACK_START_MS + 60_000);

afterAll(async () => {
  await stack?.stop();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe("skyport deploy --image against the running stack (render target)", () => {
  it("registry credential → image deploy → rendered with the image and pull secret → rollback to a DAG deploy; the password nowhere", async () => {
    const skyport = e2eCli.cliUser({
      apiUrl: stack.baseUrl,
      configDir: await tempDir("skyport-e2e-image-cli-"),
    });
    const outputs: e2eCli.CliResult[] = [];
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const result = await skyport(args, env);
      outputs.push(result);
      return result;
    };
    await e2eCli.signUpAdaWithWorkspace(skyport, ADA_PASSWORD, stack);
    const created = expectSuccess(
      await run(["deployment", "create", "etl", "-o", "json"]),
      "deployment create",
    );
    const etl = JSON.parse(created.stdout) as { namespace: string; spec: { runtimeVersion: string } };

    // Two DAG deploys, so there is an earlier one to roll back to.
    const dags = await tempDir("skyport-e2e-image-dags-");
    await mkdir(path.join(dags, "dags"), { recursive: true });
    for (const version of ["v1", "v2"]) {
      await writeFile(path.join(dags, "dags", "etl.py"), `print('${version}')\n`);
      expectSuccess(
        await run(["deploy", dags, "--deployment", "etl", "--description", version, "--skip-parse"]),
        `deploy ${version}`,
      );
    }

    const registry = [
      "--registry",
      "registry.example.com:5000",
      "--username",
      "acme-ci",
      "--deployment",
      "etl",
    ];
    expectSuccess(
      await run(["deploy", "registry", "set", ...registry], { SKYPORT_REGISTRY_PASSWORD: REGISTRY_PASSWORD }),
      "deploy registry set",
    );
    const shown = expectSuccess(
      await run(["deploy", "registry", "show", "--deployment", "etl", "-o", "json"]),
      "deploy registry show",
    );
    expect(JSON.parse(shown.stdout)).toMatchObject({
      credential: { registry: "registry.example.com:5000", username: "acme-ci" },
    });

    const imageDeploy = expectSuccess(
      await run([
        "deploy",
        "--image",
        IMAGE,
        "--runtime-version",
        etl.spec.runtimeVersion,
        "--deployment",
        "etl",
        "--description",
        "nightly image",
        "-o",
        "json",
      ]),
      "deploy --image",
    );
    expect(JSON.parse(imageDeploy.stdout)).toMatchObject({ number: 3, kind: "IMAGE", image: IMAGE });

    // The rendered runtime: every Airflow container runs the image, pulled with the credential.
    const { texts, objects } = await renderedWith(etl.namespace, IMAGE);
    const airflowPods = objects
      .filter((object) => object.kind === "Deployment" || object.kind === "StatefulSet")
      .map((object) => ({ name: object.metadata.name, pod: podSpecOf(object) }))
      .filter(({ name }) => !/redis|statsd/.test(name));
    expect(airflowPods.map(({ name }) => name)).toEqual(
      expect.arrayContaining(["scheduler", "dag-processor"]),
    );
    for (const { name, pod } of airflowPods) {
      for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])])
        expect(container.image, `${name} ${container.name}`).toBe(IMAGE);
      expect(pod?.imagePullSecrets, name).toEqual([{ name: "skyport-registry-credential" }]);
    }
    const pullSecret = objects.find(
      (object) => object.kind === "Secret" && object.metadata.name === "skyport-registry-credential",
    );
    // Rendered to disk, so redacted whole (a cluster gets the real value).
    expect(pullSecret?.type).toBe("kubernetes.io/dockerconfigjson");
    expect(pullSecret?.stringData).toEqual({ ".dockerconfigjson": "<redacted>" });

    // History: the image deploy beside the DAG deploys; roll back to the first DAG deploy.
    const rollback = expectSuccess(
      await run(["deploy", "rollback", "1", "--deployment", "etl", "-o", "json"]),
      "deploy rollback 1",
    );
    expect(JSON.parse(rollback.stdout)).toMatchObject({
      number: 4,
      kind: "DAG_BUNDLE",
      rollbackOf: { number: 1 },
    });
    const history = expectSuccess(
      await run(["deploy", "list", "--deployment", "etl", "-o", "json"]),
      "deploy list",
    );
    expect(
      (
        JSON.parse(history.stdout) as { number: number; kind: string; status: string; image: string | null }[]
      ).map((deploy) => [deploy.number, deploy.kind, deploy.status, deploy.image]),
    ).toEqual([
      [4, "DAG_BUNDLE", "ROLLING_OUT", null],
      [3, "IMAGE", "ROLLING_OUT", IMAGE],
      [2, "DAG_BUNDLE", "SUPERSEDED", null],
      [1, "DAG_BUNDLE", "SUPERSEDED", null],
    ]);
    const table = expectSuccess(await run(["deploy", "list", "--deployment", "etl"]), "deploy list (table)");
    expect(table.stdout).toContain(IMAGE);
    // The image stays after the rollback: it is its own line of the history.
    const after = await renderedFiles(etl.namespace);
    expect(after.texts.some((text) => text.includes(IMAGE))).toBe(true);

    // The password: in no rendered file (nor base64-encoded), no CLI output, no log line.
    const encoded = Buffer.from(`acme-ci:${REGISTRY_PASSWORD}`).toString("base64");
    for (const text of [...texts, ...after.texts]) {
      expect(text).not.toContain(REGISTRY_PASSWORD);
      expect(text).not.toContain(encoded);
    }
    for (const result of outputs) expect(result.stdout + result.stderr).not.toContain(REGISTRY_PASSWORD);
    expect(stack.output()).not.toContain(REGISTRY_PASSWORD);
    expect(stack.output()).not.toContain(encoded);
  });
});
