// `skyport deploy …` against the real REST API: packing with the deployment's ignore syntax,
// uploading only what the server lacks, history, inspect with the file diff, rollback, CI
// metadata, `--wait` following the runtime's report (made through the real runtime endpoint),
// and bad input refused with exit code 2.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { deploymentBundleCredential } from "@skyport/domain";
import { describe, expect, it } from "vitest";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser, words } from "./support/cli.ts";

const server = await apiServerForThisFile();
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });
const workDir = await mkdtemp(path.join(tmpdir(), "skyport-cli-deploy-"));

async function dagFolder(name: string, files: Record<string, string>): Promise<string> {
  const root = path.join(workDir, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

async function createdDeployment(name: string): Promise<{ id: string; organizationId: string }> {
  const result = await ada.run(["deployment", "create", name, "-o", "json"]);
  expect(result.code, result.stderr).toBe(0);
  return result.json();
}

/** A new deployment, a DAG folder for it, and the bundle credential its runtime's syncs use. */
async function deployableWithRuntime(name: string, files: Record<string, string>) {
  const deployment = await createdDeployment(name);
  const folder = await dagFolder(name, files);
  const credential = await deploymentBundleCredential(server.services.db, server.services.secrets, {
    organizationId: deployment.organizationId,
    deploymentId: deployment.id,
  });
  return { folder, credential };
}

/** The bundle the runtime endpoint names as current (null: none). */
async function activeBundle(credential: string): Promise<string | null> {
  const answer = await fetch(`${server.url}/api/v1/runtime/bundle`, {
    headers: { authorization: `Bearer ${credential}` },
  });
  return answer.status === 200 ? ((await answer.json()) as { sha256: string }).sha256 : null;
}

/** One poll of a component's bundle sync, with what it reports. */
async function poll(
  credential: string,
  report: { component: string; installed?: string | null; failed?: string; error?: string },
): Promise<void> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${credential}`,
    "x-skyport-component": report.component,
  };
  if (report.installed) headers["x-skyport-installed"] = report.installed;
  if (report.failed) headers["x-skyport-failed"] = report.failed;
  if (report.error) headers["x-skyport-error"] = report.error;
  const answer = await fetch(`${server.url}/api/v1/runtime/bundle`, { headers });
  await answer.body?.cancel();
}

describe("skyport deploy", () => {
  it("deploys a folder, skips re-uploading a known bundle, lists, inspects the diff and rolls back", async () => {
    const deployment = await createdDeployment("etl");
    const folder = await dagFolder("etl", {
      "dags/etl.py": "print('v1')\n",
      "dags/scratch/notes.txt": "ignored\n",
      ".airflowignore": "scratch/\n",
    });

    const first = await ada.run(words(`deploy ${folder} --deployment etl --description first -o json`));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("dags/scratch/");
    expect(first.stderr).toMatch(/Bundle [0-9a-f]{64}: 2 files/);
    expect(first.stderr).toContain("DAGs were not parsed locally (no local Airflow)");
    expect(first.stderr).toContain("Uploaded.");
    expect(first.json()).toMatchObject({ number: 1, status: "ROLLING_OUT", description: "first" });

    const again = await ada.run(["deploy", folder, "--deployment", deployment.id, "-o", "json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("already has this bundle");
    expect(again.json()).toMatchObject({ number: 2, bundleSha256: first.json().bundleSha256 });

    await writeFile(path.join(folder, "dags/etl.py"), "print('v2')\n");
    await writeFile(path.join(folder, "dags/new.py"), "print('new')\n");
    const third = await ada.run(["deploy", folder, "--deployment", "etl", "-o", "json"]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.json().number).toBe(3);

    const inspect = await ada.run(["deploy", "inspect", "3", "--deployment", "etl", "-o", "json"]);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.json().diff).toMatchObject({
      previousDeploy: { number: 2 },
      added: ["dags/new.py"],
      changed: ["dags/etl.py"],
      removed: [],
    });
    const table = await ada.run(["deploy", "inspect", "3", "--deployment", "etl"]);
    expect(table.stdout).toMatch(/\+:?\s+dags\/new\.py/);

    const rollback = await ada.run(["deploy", "rollback", "1", "--deployment", "etl", "-o", "json"]);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.json()).toMatchObject({
      number: 4,
      rollbackOf: { number: 1 },
      bundleSha256: first.json().bundleSha256,
    });

    const list = await ada.run(["deploy", "list", "--deployment", "etl", "-o", "json"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.json().map((d: { number: number; status: string }) => [d.number, d.status])).toEqual([
      [4, "ROLLING_OUT"],
      [3, "SUPERSEDED"],
      [2, "SUPERSEDED"],
      [1, "SUPERSEDED"],
    ]);
    const rows = await ada.run(["deploy", "list", "--deployment", "etl"]);
    expect(rows.stdout).toContain("first");
  });

  it("records CI metadata and, with --wait, follows the deploy until the runtime reports it installed", async () => {
    const { folder, credential } = await deployableWithRuntime("ci", { "dags/ci.py": "print('ci')\n" });
    // The runtime's bundle syncs report what they installed, through the real runtime endpoint:
    // the scheduler first, the other components on the next poll.
    const rounds = [["scheduler"], ["dag-processor", "triggerer", "worker-default"]];
    const result = await ada.run(["deploy", folder, "--deployment", "ci", "--wait", "-o", "json"], {
      env: {
        GITHUB_SHA: "0123456789abcdef",
        GITHUB_REF_NAME: "main",
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_REPOSITORY: "acme/dags",
        GITHUB_RUN_ID: "42",
      },
      onSleep: async () => {
        const components = rounds.shift() ?? [];
        const sha = await activeBundle(credential);
        for (const component of components) await poll(credential, { component, installed: sha });
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "deploy 1: ROLLING_OUT — installed on 0 of 4 components; waiting for scheduler, dag-processor, triggerer, worker-default",
    );
    expect(result.stderr).toContain(
      "deploy 1: ROLLING_OUT — installed on 1 of 4 components (scheduler); waiting for dag-processor, triggerer, worker-default",
    );
    expect(result.stderr).toContain("deploy 1: ACTIVE");
    expect(result.json()).toMatchObject({
      number: 1,
      status: "ACTIVE",
      ci: {
        provider: "github",
        commit: "0123456789abcdef",
        branch: "main",
        pipelineUrl: "https://github.com/acme/dags/actions/runs/42",
      },
    });
  });

  it("with --wait, exits 1 with the cause when a component cannot install the bundle", async () => {
    const { folder, credential } = await deployableWithRuntime("broken", { "dags/b.py": "print('b')\n" });
    const result = await ada.run(["deploy", folder, "--deployment", "broken", "--wait"], {
      onSleep: async () => {
        const sha = await activeBundle(credential);
        if (!sha) return;
        await poll(credential, {
          component: "worker-default",
          failed: sha,
          error: `the download's SHA-256 is ${"0".repeat(64)}, not ${sha}: refused`,
        });
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /deploy 1 ended FAILED: The runtime could not install the bundle \(worker-default: the download's SHA-256 is 0{64}, not [0-9a-f]{64}: refused\)\./,
    );
  });

  it("gives up waiting with exit 1 when no runtime picks the bundle up", async () => {
    await createdDeployment("idle");
    const folder = await dagFolder("idle", { "dags/a.py": "a\n" });
    const result = await ada.run(words(`deploy ${folder} --deployment idle --wait --wait-timeout 5s`));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("still ROLLING_OUT");
  });

  it("refuses bad input with exit code 2 and names what is wrong", async () => {
    await createdDeployment("strict");
    const folder = await dagFolder("strict", { "dags/a.py": "a\n" });
    const noDeployment = await ada.run(["deploy", folder]);
    expect(noDeployment.code).toBe(2);
    expect(noDeployment.stderr).toContain("--deployment");
    const notAFolder = await ada.run(["deploy", path.join(workDir, "missing"), "--deployment", "strict"]);
    expect(notAFolder.code).toBe(2);
    expect(notAFolder.stderr).toContain("is not a folder");
    const long = await ada.run([
      "deploy",
      folder,
      "--deployment",
      "strict",
      "--description",
      "x".repeat(501),
    ]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("--description must be at most 500 characters");
    const unknownDeploy = await ada.run(["deploy", "rollback", "99", "--deployment", "strict"]);
    expect(unknownDeploy.code).toBe(1);
    expect(unknownDeploy.stderr).toMatch(/deploy not found/);
  });
});

describe("skyport deploy --image", () => {
  it("deploys an image built for the deployment's runtime, shows it in the history, and refuses a mismatch or a bad reference", async () => {
    const deployment = (await createdDeployment("imaged")) as {
      id: string;
      spec?: { runtimeVersion: string };
    };
    const image = "ghcr.io/acme/airflow:2026.12.05";
    const runtime = deployment.spec?.runtimeVersion ?? "";
    expect(runtime).toMatch(/^\d+\.\d+\.\d+$/);
    const made = await ada.run(
      words(`deploy --image ${image} --runtime-version ${runtime} --deployment imaged -o json`),
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.json()).toMatchObject({
      number: 1,
      kind: "IMAGE",
      image,
      runtimeVersion: runtime,
      status: "ROLLING_OUT",
    });
    const rows = await ada.run(["deploy", "list", "--deployment", deployment.id]);
    expect(rows.stdout).toContain(image);

    const mismatch = await ada.run(
      words(`deploy --image ${image} --runtime-version 2.10.5 --deployment imaged`),
    );
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain(
      `the image is built for Airflow 2.10.5, but deployment “imaged” runs Airflow ${runtime}`,
    );
    const bare = await ada.run(
      words(`deploy --image acme/airflow --runtime-version ${runtime} --deployment imaged`),
    );
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("image: must name a tag or a digest");
    const missing = await ada.run(["deploy", "--image", image, "--deployment", "imaged"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--image needs --runtime-version");
  });

  it("sets the registry credential from SKYPORT_REGISTRY_PASSWORD and never shows the password", async () => {
    await createdDeployment("private");
    const password = "ghp_cli_registry_token";
    const set = await ada.run(
      [
        "deploy",
        "registry",
        "set",
        "--deployment",
        "private",
        "--registry",
        "ghcr.io",
        "--username",
        "acme-ci",
        "-o",
        "json",
      ],
      { env: { SKYPORT_REGISTRY_PASSWORD: password } },
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.json().credential).toMatchObject({ registry: "ghcr.io", username: "acme-ci" });
    const shown = await ada.run(["deploy", "registry", "show", "--deployment", "private"]);
    expect(shown.stdout).toContain("acme-ci");
    expect(`${set.stdout}${set.stderr}${shown.stdout}${shown.stderr}`).not.toContain(password);
    const removed = await ada.run(["deploy", "registry", "remove", "--deployment", "private", "-o", "json"]);
    expect(removed.json()).toEqual({ credential: null });
  });
});
