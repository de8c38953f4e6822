// A local runtime's Airflow UI: the deployment's Airflow URL is its loopback port, and its
// generated admin sign-in is revealed to WORKSPACE_OPERATOR and up, audited without the password;
// other deployments keep their Kubernetes host and have no sign-in to reveal.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ForbiddenError, getDeployment, listDeployments, revealAirflowSignIn } from "@skyport/domain";
import { buildWorld, createTestDatabase, newDeployment } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";
import { personaContexts, withAudit } from "./workspace-support.ts";

const { db } = await createTestDatabase();
const world = await buildWorld(db);
const as = personaContexts(db);
const { organizationId, deploymentId } = world;

const root = mkdtempSync(path.join(os.tmpdir(), "skyport-sign-in-"));
const site = { baseDomain: "skyport.localhost", localRuntimesDir: root };
const { namespace } = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
const runtimeDir = path.join(root, namespace);
mkdirSync(runtimeDir, { recursive: true });
writeFileSync(path.join(runtimeDir, "state.json"), JSON.stringify({ uiPort: 41234, migrated: "3.3.1" }));
const PASSWORD = "generated-admin-password-xyz";
writeFileSync(path.join(runtimeDir, "admin-password"), `${PASSWORD}\n`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a local runtime's Airflow UI", () => {
  it("the deployment's Airflow URL is the runtime's loopback port", async () => {
    const deployment = await getDeployment(
      as(world, "workspaceMember"),
      { organizationId, deploymentId },
      site,
    );
    expect(deployment.airflowUrl).toBe("http://127.0.0.1:41234/");
  });

  it("reveals the admin sign-in to a workspace operator, and audits the reveal without the password", async () => {
    const { result, events } = await withAudit(db, [organizationId], () =>
      revealAirflowSignIn(as(world, "workspaceOperator"), site, { organizationId, deploymentId }),
    );
    expect(result).toEqual({
      available: true,
      url: "http://127.0.0.1:41234/",
      username: "admin",
      password: PASSWORD,
      note: null,
    });
    expect(events).toEqual([
      {
        action: "deployment.airflowCredentials.read",
        targets: [{ type: "deployment", id: deploymentId, label: "etl" }],
        metadata: { revealed: true },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });

  it("refuses a workspace member (an author too), writing nothing", async () => {
    for (const persona of ["workspaceMember", "workspaceAuthor"] as const) {
      const { error, events } = await withAudit(db, [organizationId], () =>
        revealAirflowSignIn(as(world, persona), site, { organizationId, deploymentId }),
      );
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(events).toEqual([]);
    }
  });
});

describe("a deployment that is not a local runtime here", () => {
  it("keeps its Kubernetes host and has no sign-in to reveal", async () => {
    const other = await newDeployment(db, world, "remote-ui");
    const deployment = await getDeployment(as(world, "workspaceOperator"), other, site);
    expect(deployment.airflowUrl).toBe(`https://${deployment.namespace}.skyport.localhost`);
    const signIn = await revealAirflowSignIn(as(world, "workspaceOperator"), site, other);
    expect(signIn).toMatchObject({
      available: false,
      password: null,
      username: null,
      url: deployment.airflowUrl,
    });
    expect(signIn.note).toMatch(/only for local runtimes/);
  });

  it("a listed page gives each row its own address: the local runtime's port, the others' host", async () => {
    const other = await newDeployment(db, world, "listed-remote");
    const page = await listDeployments(
      as(world, "workspaceMember"),
      { organizationId, workspaceId: world.workspaceId, limit: 100 },
      site,
    );
    const urls = new Map(page.items.map((item) => [item.id, item.airflowUrl]));
    expect(urls.get(deploymentId)).toBe("http://127.0.0.1:41234/");
    const remote = page.items.find((item) => item.id === other.deploymentId);
    expect(remote?.airflowUrl).toBe(`https://${remote?.namespace}.skyport.localhost`);
  });
});
