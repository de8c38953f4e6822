// The CLI acceptance journey against the real `npm start` stack, with a real Kubernetes control
// plane for the worker to provision on (e2e/src/cluster-stack.ts: kube-apiserver, controllers and
// kwok's fake node, which runs the pods). The built CLI binary is run as a user runs it, one
// process per command.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { metadataDatabaseName } from "@skyport/provisioning";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type CliResult, cliUser, expectSuccess as succeeded } from "../src/cli.ts";
import { type ClusterStack, controlPlaneAvailable, startStackOnCluster } from "../src/cluster-stack.ts";
import type { RunningStack } from "../src/stack.ts";

const PASSWORD = "correct horse battery staple";

let stack: RunningStack;
const expectSuccess = (result: CliResult, what: string) => succeeded(result, what, stack);
let runtimeAdmin: pg.Pool;
const cleanup: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

/** A CLI user with their own config directory. */
async function newUser() {
  return cliUser({ apiUrl: stack.baseUrl, configDir: await tempDir("skyport-e2e-cli-config-") });
}

/** A new CLI user who has signed up (password from SKYPORT_PASSWORD) with an organization of their own. */
async function signedUpUser(email: string, name: string, organizationName: string) {
  const user = await newUser();
  expectSuccess(
    await user(["signup", "--email", email, "--name", name, "--organization-name", organizationName], {
      SKYPORT_PASSWORD: PASSWORD,
    }),
    "signup",
  );
  return user;
}

async function metadataDatabaseExists(namespace: string): Promise<boolean> {
  const name = metadataDatabaseName(namespace.replace(/^skyport-/, ""));
  const { rows } = await runtimeAdmin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return rows.length > 0;
}

let cluster: ClusterStack;

beforeAll(async () => {
  if (!controlPlaneAvailable) return;
  cluster = await startStackOnCluster("cli");
  ({ stack } = cluster);
  runtimeAdmin = new pg.Pool({ connectionString: cluster.runtimeAdminUrl, max: 2 });
});

afterAll(async () => {
  await cluster?.stop();
  await runtimeAdmin?.end();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe.runIf(controlPlaneAvailable)("skyport CLI against the running stack", () => {
  it("signup → workspace → create --wait → list → inspect → copy from the file → delete --wait both", async () => {
    const skyport = await newUser();
    const work = await tempDir("skyport-e2e-cli-work-");

    const signup = await skyport(
      ["signup", "--email", "ada@acme.test", "--name", "Ada Lovelace", "--organization-name", "Acme Data"],
      { SKYPORT_PASSWORD: PASSWORD },
    );
    expectSuccess(signup, "signup");
    expect(signup.stdout).toMatch(/Organization:\s+Acme Data \(/);

    const workspace = await skyport(["workspace", "create", "Analytics", "-o", "json"]);
    expectSuccess(workspace, "workspace create");
    const workspaceId = JSON.parse(workspace.stdout).id as string;

    const created = await skyport([
      "deployment",
      "create",
      "etl",
      "--description",
      "Nightly loads",
      "--wait",
      "-o",
      "json",
    ]);
    expectSuccess(created, "deployment create --wait");
    const etl = JSON.parse(created.stdout);
    expect(etl).toMatchObject({ name: "etl", workspaceId, status: "HEALTHY", observedGeneration: 1 });
    // Without a terminal, --wait reports each status change as a line on stderr.
    expect(created.stderr).toMatch(/^etl: (CREATING|DEPLOYING) — /m);
    expect(created.stderr).toMatch(/^etl: HEALTHY — /m);
    expect(await cluster.namespaces()).toContain(etl.namespace);
    expect(await metadataDatabaseExists(etl.namespace)).toBe(true);

    const listed = await skyport(["deployment", "list", "-o", "json"]);
    expectSuccess(listed, "deployment list");
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: etl.id, status: "HEALTHY" })]);

    const inspected = await skyport(["deployment", "inspect", "etl", "-o", "yaml"]);
    expectSuccess(inspected, "deployment inspect");
    const file = path.join(work, "d.yaml");
    await writeFile(file, inspected.stdout);

    const copied = await skyport([
      "deployment",
      "create",
      "copy",
      "--deployment-file",
      file,
      "--wait",
      "-o",
      "json",
    ]);
    expectSuccess(copied, "deployment create copy --deployment-file");
    const copy = JSON.parse(copied.stdout);
    expect(copy).toMatchObject({
      name: "copy",
      workspaceId,
      description: "Nightly loads",
      status: "HEALTHY",
    });
    expect(copy.id).not.toBe(etl.id);
    const { name: _copyName, ...copySpec } = copy.spec;
    const { name: _etlName, ...etlSpec } = parse(inspected.stdout).spec;
    expect(copySpec).toEqual(etlSpec);
    expect(await cluster.namespaces()).toContain(copy.namespace);

    for (const deployment of [etl, copy]) {
      const deleted = await skyport([
        "deployment",
        "delete",
        deployment.name,
        "--yes",
        "--wait",
        "-o",
        "json",
      ]);
      expectSuccess(deleted, `deployment delete ${deployment.name}`);
      expect(JSON.parse(deleted.stdout)).toMatchObject({ id: deployment.id, status: "DELETED" });
      expect(deleted.stderr).toContain(`${deployment.name}: deleted`);
      expect(await cluster.namespaces()).not.toContain(deployment.namespace);
      expect(await metadataDatabaseExists(deployment.namespace)).toBe(false);
    }
    const after = await skyport(["deployment", "list", "-o", "json"]);
    expect(JSON.parse(after.stdout)).toEqual([]);
  });

  it("a WORKSPACE_MEMBER token cannot create or delete; another organization's token sees NOT_FOUND", async () => {
    const owner = await signedUpUser("grace@navy.test", "Grace", "Navy");
    expectSuccess(await owner(["workspace", "create", "Fleet"]), "workspace create");
    const created = await owner(["deployment", "create", "logistics", "--wait", "-o", "json"]);
    expectSuccess(created, "deployment create");
    const deployment = JSON.parse(created.stdout);
    const minted = await owner([
      ...["token", "create", "--name", "readers", "--scope", "workspace"],
      ...["--role", "WORKSPACE_MEMBER", "-o", "json"],
    ]);
    expectSuccess(minted, "token create");
    const memberToken = JSON.parse(minted.stdout).token as string;
    expect(memberToken).toMatch(/^skp_/);

    const ci = await newUser();
    const asMember = (args: string[]) => ci(args, { SKYPORT_API_TOKEN: memberToken });
    const canList = await asMember(["deployment", "list", "-o", "json"]);
    expectSuccess(canList, "deployment list as WORKSPACE_MEMBER");
    const cannotCreate = await asMember(["deployment", "create", "sneaky"]);
    const cannotDelete = await asMember(["deployment", "delete", "logistics", "--yes"]);
    for (const refused of [cannotCreate, cannotDelete]) {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("HTTP 403 FORBIDDEN");
      expect(refused.stderr).toMatch(/WORKSPACE_OPERATOR|role/);
    }

    const stranger = await signedUpUser("eve@other.test", "Eve", "Other");
    const foreign = await stranger([
      ...["token", "create", "--name", "eves", "--scope", "organization"],
      ...["--role", "ORGANIZATION_OWNER", "-o", "json"],
    ]);
    expectSuccess(foreign, "token create (another organization)");
    const foreignToken = JSON.parse(foreign.stdout).token as string;
    const asForeign = (args: string[]) => ci(args, { SKYPORT_API_TOKEN: foreignToken });
    for (const args of [
      ["deployment", "inspect", deployment.id],
      ["deployment", "inspect", deployment.id, "--organization", deployment.organizationId],
      ["deployment", "delete", deployment.id, "--organization", deployment.organizationId, "--yes"],
    ]) {
      const result = await asForeign(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("HTTP 404 NOT_FOUND");
    }

    const cleanedUp = await owner(["deployment", "delete", "logistics", "--yes", "--wait"]);
    expectSuccess(cleanedUp, "deployment delete logistics");
  });
});
