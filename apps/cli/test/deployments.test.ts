// `skyport deployment …` against the real REST API. No worker runs here: where a test waits,
// it plays the worker's part by writing the status the worker would report (the worker's own
// reconcile is tested in apps/worker; the whole journey in e2e/tests/cli.test.ts).
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { DeploymentStatus } from "../src/api/types.ts";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser, scriptedTerminal, words } from "./support/cli.ts";

const server = await apiServerForThisFile();
const db = server.services.db;
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });
const workDir = await mkdtemp(path.join(tmpdir(), "skyport-cli-deployments-"));

/** What the worker reports, written where it writes it. */
async function report(id: string, status: DeploymentStatus, statusReason: string, observed = true) {
  const row = await db.deployment.findUniqueOrThrow({ where: { id } });
  await db.deployment.update({
    where: { id },
    data: {
      status,
      statusReason,
      ...(observed ? { observedGeneration: row.generation } : {}),
      ...(status === "DELETED" ? { deletedAt: new Date() } : {}),
    },
  });
}

async function created(name: string, args: string[] = []) {
  const result = await ada.run(["deployment", "create", name, "-o", "json", ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.json() as { id: string; name: string; generation: number; [key: string]: unknown };
}

describe("deployment create, list and inspect", () => {
  it("creates a deployment with the server's default runtime and prints it with its ids", async () => {
    const catalog = (await await fetch(`${server.url}/api/v1/runtime-catalog`, {
      headers: { authorization: `Bearer ${ada.token}` },
    }).then((r) => r.json())) as { defaultRuntimeVersion: string };
    const workspaceId = (await ada.storedConfig()).workspaceId;

    const deployment = await created("etl", ["--description", "Nightly loads", "--scheduler-size", "m"]);

    expect(deployment).toMatchObject({
      name: "etl",
      description: "Nightly loads",
      organizationId: ada.organizationId,
      workspaceId,
      status: "CREATING",
      spec: { runtimeVersion: catalog.defaultRuntimeVersion, executor: "CELERY", schedulerSize: "M" },
    });
    expect(deployment.id).toMatch(/^c[a-z0-9]+$/);
    expect(await db.deployment.count({ where: { id: deployment.id } })).toBe(1);
  });

  it("lists the workspace's deployments as JSON and as a table", async () => {
    const deployment = await created("listed");

    const json = await ada.run(["deployment", "list", "-o", "json"]);
    expect(json.code).toBe(0);
    expect(json.json().map((d: { id: string }) => d.id)).toContain(deployment.id);

    const table = await ada.run(["deployment", "list"]);
    const header = table.stdout.split("\n")[0]?.split(/\s{2,}/);
    expect(header).toEqual(["NAME", "ID", "STATUS", "RUNTIME", "EXECUTOR", "WORKSPACE", "AIRFLOW URL"]);
    expect(table.stdout).toMatch(
      new RegExp(`listed\\s+${deployment.id}\\s+CREATING\\s+\\S+\\s+CELERY\\s+Analytics\\s`),
    );

    const narrow = await ada.run(["deployment", "list"], { width: 70 });
    for (const line of narrow.stdout.trimEnd().split("\n")) expect([...line].length).toBeLessThanOrEqual(70);
    expect(narrow.stdout).toContain("…");
  });

  it("follows the API's cursors until every deployment is listed", async () => {
    const before = (await ada.run(["deployment", "list", "-o", "json"])).json().length as number;
    for (const name of ["page-a", "page-b", "page-c"]) await created(name);
    server.requests.length = 0;

    const result = await ada.run(["deployment", "list", "-o", "json"], { pageSize: 2 });

    const total = before + 3;
    expect(result.json()).toHaveLength(total);
    const pages = server.requests.filter((r) => r.method === "GET" && r.path.includes("/deployments?"));
    expect(pages).toHaveLength(Math.ceil(total / 2));
    expect(pages[0]?.path).toContain("limit=2");
    expect(pages.slice(1).every((r) => r.path.includes("cursor="))).toBe(true);
  });

  it("inspects by name or id; -o yaml prints the whole deployment", async () => {
    const deployment = await created("inspected");

    const byName = await ada.run(["deployment", "inspect", "inspected", "-o", "yaml"]);
    const byId = await ada.run(["deployment", "inspect", deployment.id, "-o", "yaml"]);

    expect(byName.code).toBe(0);
    expect(parse(byName.stdout)).toMatchObject({ id: deployment.id, organizationId: ada.organizationId });
    expect(parse(byId.stdout)).toEqual(parse(byName.stdout));
    const table = await ada.run(["deployment", "inspect", "inspected"]);
    expect(table.stdout).toMatch(/^Name:\s+inspected$/m);
    expect(table.stdout).toMatch(/^Worker queues:\s+default \(S, 1–10 workers\)$/m);
  });

  it("finds a deployment by id without a current workspace", async () => {
    const deployment = await created("by-id");
    const elsewhere = await CliUser.create(server.url);
    expect((await elsewhere.run(["login", "--token", ada.token])).code).toBe(0);

    const result = await elsewhere.run(["deployment", "inspect", deployment.id, "-o", "json"]);

    expect(result.code).toBe(0);
    expect(result.json().name).toBe("by-id");
    const byName = await elsewhere.run(["deployment", "inspect", "by-id"]);
    expect(byName.code).toBe(1);
    expect(byName.stderr).toContain("choose its workspace");
  });
});

describe("copying a deployment through a deployment file", () => {
  it("creates a copy from `inspect -o yaml` output, NAME overriding the file's name", async () => {
    const source = await created("source", ["--executor", "celery", "--runtime-version", "2.11.0"]);
    const queue = await ada.run(
      words("deployment worker-queue create heavy --deployment-id source --worker-size L --max-workers 4"),
    );
    expect(queue.code).toBe(0);
    const inspected = await ada.run(["deployment", "inspect", "source", "-o", "yaml"]);
    const file = path.join(workDir, "source.yaml");
    await writeFile(file, inspected.stdout);

    const copy = await created("copy", ["--deployment-file", file]);

    const original = parse(inspected.stdout);
    expect(copy.id).not.toBe(source.id);
    expect(copy).toMatchObject({ workspaceId: original.workspaceId, description: original.description });
    const { name: _a, ...copiedSpec } = copy.spec as Record<string, unknown>;
    const { name: _b, ...originalSpec } = original.spec;
    expect(copiedSpec).toEqual(originalSpec);
    expect((copy.spec as { workerQueues: Array<{ name: string }> }).workerQueues.map((q) => q.name)).toEqual([
      "default",
      "heavy",
    ]);
  });

  it("reads the file as JSON from stdin, and flags win over the file", async () => {
    await created("json-source");
    const inspected = await ada.run(["deployment", "inspect", "json-source", "-o", "json"]);

    const result = await ada.run(
      ["deployment", "create", "json-copy", "--deployment-file", "-", "--scheduler-size", "L", "-o", "json"],
      { stdin: inspected.stdout },
    );

    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ name: "json-copy", spec: { schedulerSize: "L" } });
  });

  it("refuses a file with a field that is not a deployment's, or that is not YAML, with exit 2", async () => {
    const typo = path.join(workDir, "typo.yaml");
    await writeFile(typo, "name: typo\nsepc:\n  executor: CELERY\n");
    const broken = path.join(workDir, "broken.yaml");
    await writeFile(broken, "name: [broken\n");

    const unknown = await ada.run(["deployment", "create", "--deployment-file", typo]);
    const invalid = await ada.run(["deployment", "create", "--deployment-file", broken]);
    const missing = await ada.run(
      words(`deployment create --deployment-file ${path.join(workDir, "nope.yaml")}`),
    );

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`${typo}: sepc: not a deployment field`);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("not valid YAML or JSON");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
    expect(await db.deployment.count({ where: { name: "typo" } })).toBe(0);
  });
});

describe("invalid settings", () => {
  it("exits 2 naming the field the server refused, and creates nothing", async () => {
    const result = await ada.run(["deployment", "create", "bad-runtime", "--runtime-version", "1.0"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: --runtime-version must be one of the supported runtimes");
    expect(result.stderr).toContain("HTTP 400 BAD_REQUEST");
    expect(result.stderr).not.toContain("spec.runtimeVersion");
    expect(await db.deployment.count({ where: { name: "bad-runtime" } })).toBe(0);
  });

  it("lists every field at fault when there are several", async () => {
    const file = path.join(workDir, "several.yaml");
    await writeFile(
      file,
      [
        "name: several",
        "spec:",
        "  executor: CELERY",
        "  workerQueues:",
        "    - name: default",
        "      minWorkers: 5",
        "      maxWorkers: 2",
        "  contactEmails: [not-an-email]",
      ].join("\n"),
    );

    const result = await ada.run(["deployment", "create", "--deployment-file", file]);

    expect(result.code).toBe(2);
    // Named as the file has them: the server's dotted paths are not what the person typed.
    expect(result.stderr).toContain(
      `  ${file}: spec.workerQueues[0].maxWorkers must be at least minWorkers (5)`,
    );
    expect(result.stderr).toContain(`  ${file}: spec.contactEmails[0] must be a valid email address`);
    expect(result.stderr).not.toContain("spec.workerQueues.0");
  });

  it("refuses a bad flag value before calling the server", async () => {
    server.requests.length = 0;

    const result = await ada.run(["deployment", "create", "x", "--executor", "local"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--executor <executor>' argument 'local' is invalid");
    expect(server.requests).toHaveLength(0);
  });
});

describe("deployment update", () => {
  it("changes only the settings named, as a new generation", async () => {
    const deployment = await created("updated", ["--executor", "celery"]);

    const result = await ada.run(
      words("deployment update updated --scheduler-size L --high-availability -o json"),
    );

    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      id: deployment.id,
      generation: deployment.generation + 1,
      status: "CREATING",
      spec: { schedulerSize: "L", highAvailability: true, executor: "CELERY" },
    });
  });

  it("changes the description alone without a new generation, and refuses an empty update", async () => {
    const deployment = await created("described");

    const result = await ada.run(words(`deployment update ${deployment.id} --description Reports -o json`));
    const nothing = await ada.run(["deployment", "update", deployment.id]);

    expect(result.json()).toMatchObject({ description: "Reports", generation: deployment.generation });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("nothing to change");
  });
});

describe("a Git source", () => {
  it("sets, changes field by field, shows and removes the Git source with the --git-* flags", async () => {
    const deployment = await created("from-git", [
      ...words("--runtime-version 3.3.1 --git-url https://github.com/acme/dags.git --git-ref main"),
      ...words("--git-sub-path dags --git-connection acme_git"),
    ]);
    expect(deployment.spec).toMatchObject({
      gitSource: {
        url: "https://github.com/acme/dags.git",
        ref: "main",
        subPath: "dags",
        connectionId: "acme_git",
      },
    });

    const retagged = await ada.run(words("deployment update from-git --git-ref v2.0.0 -o json"));
    expect(retagged.code).toBe(0);
    expect(retagged.json()).toMatchObject({
      generation: deployment.generation + 1,
      spec: {
        gitSource: {
          url: "https://github.com/acme/dags.git",
          ref: "v2.0.0",
          subPath: "dags",
          connectionId: "acme_git",
        },
      },
    });
    const shown = await ada.run(words("deployment inspect from-git"));
    expect(shown.stdout).toMatch(
      /^Git source: +https:\/\/github\.com\/acme\/dags\.git @ v2\.0\.0, folder dags, credentials acme_git$/m,
    );

    const removed = await ada.run(words("deployment update from-git --no-git-source -o json"));
    expect(removed.code).toBe(0);
    expect((removed.json() as { spec: Record<string, unknown> }).spec.gitSource).toBeUndefined();
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    expect((row.spec as Record<string, unknown>).gitSource).toBeUndefined();
  });

  it("exits 2 naming the flag of a sub-path leaving the repository, changing nothing", async () => {
    const deployment = await created("git-guarded", words("--runtime-version 3.3.1"));

    const result = await ada.run(
      words(
        "deployment update git-guarded --git-url https://github.com/acme/dags.git --git-ref main --git-sub-path ../etc",
      ),
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--git-sub-path");
    expect(result.stderr).toContain("must not contain '..' (it must stay inside the repository)");
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    expect(row.generation).toBe(deployment.generation);
    expect((row.spec as Record<string, unknown>).gitSource).toBeUndefined();
  });

  it("refuses a Git source on an Airflow 2 runtime, saying it needs Airflow 3", async () => {
    const result = await ada.run(
      words(
        "deployment create old-git --runtime-version 2.11.0 --git-url https://github.com/acme/dags.git --git-ref main",
      ),
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("a Git source needs Airflow 3 (its GitDagBundle)");
    expect(await db.deployment.count({ where: { name: "old-git" } })).toBe(0);
  });
});

describe("--wait", () => {
  it("prints each status change on stderr without a terminal and ends 0 when HEALTHY", async () => {
    let looks = 0;
    let id = "";
    const result = await ada.run(["deployment", "create", "waited", "--wait", "-o", "json"], {
      onSleep: async () => {
        looks++;
        id ||= (await db.deployment.findFirstOrThrow({ where: { name: "waited" } })).id;
        if (looks === 1) await report(id, "DEPLOYING", "Applying 31 objects", false);
        if (looks === 2) await report(id, "HEALTHY", "All 6 workloads are ready");
      },
    });

    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ name: "waited", status: "HEALTHY" });
    expect(result.stderr.trim().split("\n")).toEqual([
      "waited: CREATING — Waiting for the provisioner to create the runtime.",
      "waited: DEPLOYING — Applying 31 objects",
      "waited: HEALTHY — All 6 workloads are ready",
    ]);
    expect(result.spinner).toEqual([]);
  });

  it("shows status and reason on a spinner on a terminal", async () => {
    let looks = 0;
    const result = await ada.run(["deployment", "create", "spun", "--wait"], {
      terminal: scriptedTerminal(),
      onSleep: async () => {
        looks++;
        const { id } = await db.deployment.findFirstOrThrow({ where: { name: "spun" } });
        if (looks === 1) await report(id, "HEALTHY", "All 6 workloads are ready");
      },
    });

    expect(result.code).toBe(0);
    expect(result.spinner).toEqual([
      "spun: CREATING — Waiting for the provisioner to create the runtime.",
      "spun: HEALTHY — All 6 workloads are ready",
      "✔ spun: HEALTHY — All 6 workloads are ready",
    ]);
  });

  it("exits 1 saying why when the deployment ends UNHEALTHY", async () => {
    const reason = "Rendered to .skyport/manifests/x/ — not applied: no Kubernetes cluster is configured";
    const result = await ada.run(["deployment", "create", "unhealthy", "--wait"], {
      onSleep: async () => {
        const { id } = await db.deployment.findFirstOrThrow({ where: { name: "unhealthy" } });
        await report(id, "UNHEALTHY", reason);
      },
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Status:\s+UNHEALTHY$/m);
    expect(result.stderr).toContain(
      `error: deployment “unhealthy” was created but did not become healthy: ${reason}`,
    );
  });

  it("exits 1 when the deployment ends FAILED, and on timeout", async () => {
    const failed = await ada.run(["deployment", "create", "failing", "--wait"], {
      onSleep: async () => {
        const { id } = await db.deployment.findFirstOrThrow({ where: { name: "failing" } });
        await report(id, "FAILED", "the API server refused the Deployment (422)", false);
      },
    });
    const slow = await ada.run(["deployment", "create", "slow", "--wait", "--wait-timeout", "5s"]);

    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("did not become healthy: the API server refused the Deployment (422)");
    expect(slow.code).toBe(1);
    expect(slow.stderr).toContain("timed out after 5s, still CREATING");
  });

  it("waits for an update's own generation, not the status of the last one", async () => {
    const deployment = await created("rolled");
    await report(deployment.id, "HEALTHY", "All 6 workloads are ready");
    let looks = 0;

    const result = await ada.run(
      ["deployment", "update", "rolled", "--scheduler-size", "M", "--wait", "-o", "json"],
      {
        onSleep: async () => {
          looks++;
          if (looks === 2) await report(deployment.id, "HEALTHY", "Generation 2 is ready");
        },
      },
    );

    expect(result.code).toBe(0);
    expect(looks).toBe(2);
    expect(result.json()).toMatchObject({
      generation: 2,
      observedGeneration: 2,
      statusReason: "Generation 2 is ready",
    });
  });
});

describe("deployment delete", () => {
  it("refuses without --yes when not interactive (exit 2), deleting nothing", async () => {
    const deployment = await created("kept");

    const result = await ada.run(["deployment", "delete", "kept"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "refusing to delete a deployment without --yes when not run interactively",
    );
    expect((await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } })).status).toBe("CREATING");
  });

  it("asks on a terminal: no cancels, yes deletes", async () => {
    const deployment = await created("asked");
    const no = scriptedTerminal(false);
    const yes = scriptedTerminal(true);

    const cancelled = await ada.run(["deployment", "delete", "asked"], { terminal: no });
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toContain("cancelled; nothing was changed");
    expect((await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } })).status).toBe("CREATING");

    const deleted = await ada.run(["deployment", "delete", "asked", "-o", "json"], { terminal: yes });
    expect(yes.asked[0]).toContain("Delete deployment “asked”");
    expect(deleted.code).toBe(0);
    expect(deleted.json()).toMatchObject({ id: deployment.id, status: "DELETING" });
  });

  it("with --yes --wait, waits until the worker has removed it and prints the DELETED record", async () => {
    const deployment = await created("removed");

    const result = await ada.run(["deployment", "delete", "removed", "--yes", "--wait", "-o", "json"], {
      onSleep: () => report(deployment.id, "DELETED", "Deleted"),
    });

    expect(result.code).toBe(0);
    expect(result.stderr.trim().split("\n").at(-1)).toBe("removed: deleted");
    expect(result.json()).toMatchObject({ id: deployment.id, status: "DELETED" });
    expect(result.json().deletedAt).toBeTruthy();
  });
});

describe("deployment worker-queue", () => {
  it("creates, lists, updates and deletes a worker queue, printing the deployment's ids", async () => {
    const deployment = await created("queued");
    const base = ["deployment", "worker-queue"];

    const create = await ada.run([
      ...base,
      ...words("create ml --deployment-id queued --max-workers 3 -o json"),
    ]);
    expect(create.code).toBe(0);
    expect(create.json()).toMatchObject({
      name: "ml",
      maxWorkers: 3,
      deploymentId: deployment.id,
      organizationId: ada.organizationId,
    });

    const update = await ada.run([
      ...base,
      ...words(`update ml --deployment-id ${deployment.id} --worker-size M -o json`),
    ]);
    expect(update.json()).toMatchObject({ name: "ml", workerSize: "M", maxWorkers: 3 });

    const list = await ada.run([...base, "list", "--deployment-id", "queued", "-o", "json"]);
    expect(list.json().map((q: { name: string }) => q.name)).toEqual(["default", "ml"]);

    const removed = await ada.run([...base, "delete", "ml", "--deployment-id", "queued"]);
    expect(removed.code).toBe(0);
    const after = await ada.run([...base, "list", "--deployment-id", "queued", "-o", "json"]);
    expect(after.json().map((q: { name: string }) => q.name)).toEqual(["default"]);

    const invalid = await ada.run([...base, ...words("create big --deployment-id queued --max-workers 500")]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("error: --max-workers must be at most 50");
  });
});

describe("retries", () => {
  it("retries a create whose answer was lost with the same Idempotency-Key, creating it once", async () => {
    server.requests.length = 0;
    server.dropAnswerOnce("POST", "/deployments");

    const result = await ada.run(["deployment", "create", "retried", "-o", "json"]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const posts = server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/deployments"));
    expect(posts).toHaveLength(2);
    expect(posts[0]?.headers["idempotency-key"]).toBeTruthy();
    expect(posts[1]?.headers["idempotency-key"]).toBe(posts[0]?.headers["idempotency-key"]);
    expect(await db.deployment.count({ where: { name: "retried" } })).toBe(1);
    expect(result.json().id).toBe((await db.deployment.findFirstOrThrow({ where: { name: "retried" } })).id);
  });

  it("retries a create a gateway answered 502 with the same Idempotency-Key, creating it once", async () => {
    server.requests.length = 0;
    server.failOnce("POST", "/deployments", 502);

    const result = await ada.run(["deployment", "create", "gateway", "-o", "json"]);

    expect(result.code).toBe(0);
    const posts = server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/deployments"));
    expect(posts).toHaveLength(2);
    expect(posts[1]?.headers["idempotency-key"]).toBe(posts[0]?.headers["idempotency-key"]);
    expect(await db.deployment.count({ where: { name: "gateway" } })).toBe(1);
  });

  it("does not retry an update (no Idempotency-Key) and says what the gateway answered, exit 1", async () => {
    await created("patched");
    server.requests.length = 0;
    server.failOnce("PATCH", "/deployments/", 503);

    const result = await ada.run(["deployment", "update", "patched", "--scheduler-size", "L"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Service Unavailable \(HTTP 503 from http:\/\/127\.0\.0\.1:\d+\/api\/v1\/organizations\//,
    );
    expect(server.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
  });

  it("quotes the request id of a server failure, with exit 1", async () => {
    server.failOnce("GET", "/runtime-catalog", 500, {
      error: { code: "INTERNAL_SERVER_ERROR", message: "internal error", requestId: "req-7f3a" },
    });

    const result = await ada.run(["deployment", "runtimes"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: internal error (HTTP 500 INTERNAL_SERVER_ERROR from");
    expect(result.stderr).toContain("The server logged this failure as request req-7f3a.");
  });

  it("uses a new key for each invocation", async () => {
    server.requests.length = 0;
    await created("key-one");
    await created("key-two");

    const keys = server.requests
      .filter((r) => r.method === "POST" && r.path.endsWith("/deployments"))
      .map((r) => r.headers["idempotency-key"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });
});

it("keeps the deployment file format in one place: inspect output has only known fields", async () => {
  await created("fields");
  const inspected = parse((await ada.run(["deployment", "inspect", "fields", "-o", "yaml"])).stdout);
  const file = path.join(workDir, "fields.yaml");
  await writeFile(file, JSON.stringify(inspected));
  // Whatever the server adds to a deployment must be known to the file reader, or copying breaks.
  const copy = await ada.run(["deployment", "create", "fields-copy", "--deployment-file", file]);
  expect(copy.stderr).toBe("");
  expect(copy.code).toBe(0);
  expect(await readFile(file, "utf8")).toContain('"id"');
});

describe("printing one deployment", () => {
  it("create and update print `Label: value` lines, as docs/cli.md promises, not a one-row table", async () => {
    const create = await ada.run(["deployment", "create", "labelled", "--scheduler-size", "M"]);
    const update = await ada.run(["deployment", "update", "labelled", "--scheduler-size", "L"]);

    expect(create.code).toBe(0);
    expect(create.stdout).toMatch(/^Name:\s+labelled$/m);
    expect(create.stdout).toMatch(/^Scheduler size:\s+M$/m);
    expect(create.stdout).toMatch(/^Status:\s+CREATING$/m);
    expect(create.stdout).not.toMatch(/^NAME\s+ID/m);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/^Scheduler size:\s+L$/m);
    expect(update.stdout).not.toMatch(/^NAME\s+ID/m);
  });
});

describe("deployment list --all", () => {
  it("lists every workspace's deployments the caller can see, naming each workspace", async () => {
    expect((await ada.run(["workspace", "create", "Marketing"])).code).toBe(0);
    const campaigns = await created("campaigns", ["--workspace-id", "Marketing"]);
    const nightly = await created("nightly");
    const grace = await CliUser.signedUp(server, "Grace");
    expect((await grace.run(["workspace", "create", "Elsewhere"])).code).toBe(0);
    const foreign = (await grace.run(["deployment", "create", "foreign", "-o", "json"])).json();

    const json = await ada.run(["deployment", "list", "--all", "-o", "json"]);
    const table = await ada.run(["deployment", "list", "--all"]);

    expect(json.code).toBe(0);
    const listed = json.json() as Array<{ id: string; workspaceName: string }>;
    expect(listed.find((d) => d.id === campaigns.id)?.workspaceName).toBe("Marketing");
    expect(listed.find((d) => d.id === nightly.id)?.workspaceName).toBe("Analytics");
    expect(listed.map((d) => d.id)).not.toContain(foreign.id);
    expect(table.stdout).toMatch(
      new RegExp(`campaigns\\s+${campaigns.id}\\s+\\S+\\s+\\S+\\s+\\S+\\s+Marketing\\s`),
    );
    expect(table.stdout).not.toContain(campaigns.workspaceId as string);
  });

  it("lists only the workspaces a member holds a role in", async () => {
    const bob = await CliUser.signedUp(server, "Bob");
    await CliUser.join(server, bob, ada.organizationId);
    const granted = await ada.run(
      words(`workspace user add ${bob.email} --workspace-id Marketing --role workspace_member`),
    );
    expect(granted.code).toBe(0);

    const result = await bob.run(words(`deployment list --all --organization ${ada.organizationId} -o json`));

    expect(result.code).toBe(0);
    const workspaces = new Set(result.json().map((d: { workspaceName: string }) => d.workspaceName));
    expect([...workspaces]).toEqual(["Marketing"]);
  });

  it("refuses --all with --workspace-id (exit 2)", async () => {
    const result = await ada.run(["deployment", "list", "--all", "--workspace-id", "Analytics"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot be used with option '--workspace-id");
  });
});

describe("field errors in the user's words", () => {
  it("names worker queue settings by their flags: --max-workers must be at least --min-workers (3)", async () => {
    await created("bounded");

    const result = await ada.run(
      words("deployment worker-queue create tight --deployment-id bounded --min-workers 3 --max-workers 2"),
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --max-workers must be at least --min-workers \(3\) \(HTTP 400/);
    expect(result.stderr).not.toMatch(/workerQueues\.\d|maxWorkers|minWorkers/);
  });
});

it("lists runtimes newest first, comparing versions as numbers (3.x before 2.x, 2.11 before 2.10)", async () => {
  const result = await ada.run(["deployment", "runtimes", "-o", "json"]);
  const table = await ada.run(["deployment", "runtimes"]);

  const versions = (result.json().runtimes as Array<{ version: string }>).map((r) => r.version);
  const parts = (v: string) => v.split(".").map(Number);
  const newer = (a: string, b: string) => {
    const [x, y] = [parts(a), parts(b)];
    const i = x.findIndex((n, k) => n !== y[k]);
    return i >= 0 && (x[i] ?? 0) > (y[i] ?? 0);
  };
  expect(versions.length).toBeGreaterThan(2);
  for (let i = 1; i < versions.length; i++)
    expect(newer(versions[i - 1] ?? "", versions[i] ?? "")).toBe(true);
  expect(table.stdout.split("\n")[1]).toMatch(new RegExp(`^${versions[0]?.replaceAll(".", "\\.")}\\s`));
});
