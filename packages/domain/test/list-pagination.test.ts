// Lists page in their database query: `LIMIT limit + 1` and `id > after`, never the whole list
// sliced in memory. The statements are observed at the driver (the real node-postgres pool
// under Prisma), so these tests assert what the database was asked for and what it returned.
import { createDatabaseClient, type ExecutedStatement } from "@skyport/db";
import {
  type Actor,
  createWorkspace,
  listDeployments,
  listWorkspaceMembers,
  listWorkspaces,
  NotFoundError,
  ValidationError,
} from "@skyport/domain";
import { buildWorld, createTestDatabase } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor } from "./workspace-support.ts";

const { db, url } = await createTestDatabase();
const statements: ExecutedStatement[] = [];
const observed = createDatabaseClient(url, { maxConnections: 2, onStatement: (s) => statements.push(s) });
afterAll(() => observed.$disconnect());

const site = { baseDomain: "airflow.example.test" };
const world = await buildWorld(db);
const { organizationId, workspaceId } = world;
const IN_WORKSPACE = 300;
let billingWorkspaceId: string;

/** Inserts deployments in one statement (what the fixture needs is rows, not the create path). */
async function seedDeployments(target: string, count: number, prefix: string) {
  await db.$executeRaw`
    INSERT INTO "Deployment" ("id", "organizationId", "workspaceId", "name", "spec", "status", "namespace", "updatedAt")
    SELECT ${prefix} || lpad(n::text, 5, '0'), ${organizationId}, ${target}, ${prefix} || n,
           '{"runtimeVersion":"3.3.1","executor":"CELERY","workerQueues":[]}'::jsonb, 'HEALTHY',
           'skyport-' || ${prefix} || n, now()
    FROM generate_series(1, ${count}) AS n`;
}

beforeAll(async () => {
  await seedDeployments(workspaceId, IN_WORKSPACE - 1, "zz-a-"); // plus the world's own "etl"
  const billing = await createWorkspace(contextFor(db, world.actor("organizationOwner")), {
    organizationId,
    name: "Billing",
  });
  billingWorkspaceId = billing.id;
  await seedDeployments(billingWorkspaceId, 20, "zz-b-");
});

/** An ORGANIZATION_OWNER API token's actor (organizationId set per use). */
const orgToken = {
  type: "apiToken",
  tokenId: "tok_owner",
  scope: "ORGANIZATION",
  workspaceId: null,
  deploymentId: null,
  role: "ORGANIZATION_OWNER",
  createdById: null,
  label: "owner token",
} as const;

/** The statements that read deployment rows while `run` ran. */
async function deploymentReads<T>(run: () => Promise<T>): Promise<{ result: T; reads: ExecutedStatement[] }> {
  const from = statements.length;
  const result = await run();
  const reads = statements.slice(from).filter((s) => /FROM "(public"\.")?Deployment"/.test(s.sql));
  return { result, reads };
}

/** The value bound to the statement's LIMIT (the driver sends parameters as text). */
function limitOf(statement: ExecutedStatement): number | undefined {
  const match = /LIMIT \$(\d+)/.exec(statement.sql);
  return match ? Number(statement.params[Number(match[1]) - 1]) : undefined;
}

describe("deployment lists read one page per query", () => {
  it("asks for limit + 1 rows of a 300-deployment workspace and gets no more", async () => {
    const owner = contextFor(observed, world.actor("organizationOwner"));
    const from = statements.length;
    const { result, reads } = await deploymentReads(() =>
      listDeployments(owner, { organizationId, workspaceId, limit: 50 }, site),
    );
    // The page joined to its workspace (which proves the workspace is the organization's), then
    // the membership check.
    expect(statements.slice(from).map((s) => /FROM "(?:public"\.")?(\w+)"/.exec(s.sql)?.[1])).toEqual([
      "Workspace",
      "OrganizationMembership",
    ]);
    expect(reads).toHaveLength(1);
    const [read] = reads as [ExecutedStatement];
    expect(result.items[0]).toMatchObject({ workspaceName: expect.any(String), status: expect.any(String) });
    expect(result.items[0]?.createdAt).toBeInstanceOf(Date);
    expect(result.items[0]?.spec).toMatchObject({ runtimeVersion: "3.3.1", workerQueues: expect.any(Array) });
    expect(limitOf(read)).toBe(51);
    expect(read.rows).toBe(51);
    expect(result.items).toHaveLength(50);
    expect(result.nextCursor).not.toBeNull();
  });

  it("answers not found, not an empty page, for a workspace that does not exist", async () => {
    const owner = contextFor(db, world.actor("organizationOwner"));
    const error = await listDeployments(
      owner,
      { organizationId, workspaceId: "wsdoesnotexist", limit: 5 },
      site,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toMatch(/workspace/i);
  });

  it("follows the cursors through every deployment in id order, each page one bounded query", async () => {
    const member = contextFor(observed, world.actor("workspaceMember"));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { result, reads } = await deploymentReads(() =>
        listDeployments(member, { organizationId, workspaceId, cursor, limit: 64 }, site),
      );
      expect(reads).toHaveLength(1);
      expect(limitOf(reads[0] as ExecutedStatement)).toBe(65);
      expect((reads[0] as ExecutedStatement).rows).toBeLessThanOrEqual(65);
      seen.push(...result.items.map((d) => d.id));
      cursor = result.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(5); // 300 = 4 × 64 + 44
    expect(seen).toHaveLength(IN_WORKSPACE);
    expect(new Set(seen).size).toBe(IN_WORKSPACE);
    expect([...seen].sort()).toEqual(seen);
  });

  it("refuses a cursor it did not hand out and a limit outside 1–200, naming the field", async () => {
    const owner = contextFor(db, world.actor("organizationOwner"));
    const refusal = (input: { cursor?: string; limit?: number }) =>
      listDeployments(owner, { organizationId, workspaceId, ...input }, site).catch((e: unknown) => e);
    for (const [input, field] of [
      [{ cursor: "!!" }, "cursor"],
      [{ cursor: Buffer.from('{"before":"x"}').toString("base64url") }, "cursor"],
      [{ limit: 0 }, "limit"],
      [{ limit: 201 }, "limit"],
      [{ limit: 2.5 }, "limit"],
    ] as const) {
      const error = await refusal(input);
      expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe("deployments across the organization's workspaces (no workspaceId)", () => {
  const all = async (actor: Actor) => {
    const items: { workspaceId: string; workspaceName: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await listDeployments(contextFor(db, actor), { organizationId, cursor, limit: 200 }, site);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const countBy = (items: { workspaceName: string }[]) =>
    items.reduce<Record<string, number>>(
      (counts, d) => Object.assign(counts, { [d.workspaceName]: (counts[d.workspaceName] ?? 0) + 1 }),
      {},
    );

  it("shows organization owners every workspace's deployments, each naming its workspace", async () => {
    expect(countBy(await all(world.actor("organizationOwner")))).toEqual({
      Analytics: IN_WORKSPACE,
      Billing: 20,
    });
  });

  it("shows other members only the workspaces where they hold a role, directly or through a team", async () => {
    expect(countBy(await all(world.actor("workspaceMember")))).toEqual({ Analytics: IN_WORKSPACE });
    expect(countBy(await all(world.actor("teamWorkspaceOperator")))).toEqual({ Analytics: IN_WORKSPACE });
    expect(await all(world.actor("organizationMember"))).toEqual([]);
  });

  it("keeps the tenant floor in the query: outsiders get NOT_FOUND, a workspace token its workspace only", async () => {
    await expect(all(world.actor("outsider"))).rejects.toBeInstanceOf(NotFoundError);
    const token: Actor = {
      type: "apiToken",
      tokenId: "tok_billing",
      organizationId,
      scope: "WORKSPACE",
      workspaceId: billingWorkspaceId,
      deploymentId: null,
      role: "WORKSPACE_MEMBER",
      createdById: world.users.organizationOwner.id,
      label: "billing reader",
    } as Actor;
    expect(countBy(await all(token))).toEqual({ Billing: 20 });
  });

  it("answers an organization token's page in one statement, tenant floor included", async () => {
    const token = { ...orgToken, organizationId } as Actor;
    const ctx = contextFor(observed, token);
    const from = statements.length;
    const page = await listDeployments(ctx, { organizationId, workspaceId, limit: 50 }, site);
    expect(page.items).toHaveLength(50);
    expect(statements.length - from).toBe(1);
    // Another organization's workspace, named under our organization, is not found, not empty.
    const foreign = await listDeployments(
      ctx,
      { organizationId, workspaceId: world.otherWorkspaceId, limit: 5 },
      site,
    ).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(NotFoundError);
    // A token of another organization reaches nothing here.
    const outsider = contextFor(observed, {
      ...orgToken,
      organizationId: world.otherOrganizationId,
    } as Actor);
    await expect(
      listDeployments(outsider, { organizationId, workspaceId, limit: 5 }, site),
    ).rejects.toBeInstanceOf(NotFoundError);
    // A workspace without deployments is an empty page, not a missing workspace.
    const empty = await createWorkspace(contextFor(db, world.actor("organizationOwner")), {
      organizationId,
      name: "Empty",
    });
    expect(await listDeployments(ctx, { organizationId, workspaceId: empty.id, limit: 5 }, site)).toEqual({
      items: [],
      nextCursor: null,
    });
    await db.workspace.delete({ where: { id: empty.id } }); // the workspace lists below count theirs
  });

  it("reads one page per query across workspaces too", async () => {
    const owner = contextFor(observed, world.actor("organizationOwner"));
    const { reads } = await deploymentReads(() =>
      listDeployments(owner, { organizationId, limit: 10 }, site),
    );
    expect(reads).toHaveLength(1);
    expect(limitOf(reads[0] as ExecutedStatement)).toBe(11);
    expect((reads[0] as ExecutedStatement).rows).toBe(11);
  });
});

describe("other lists page the same way", () => {
  it("pages workspace members (bindings, teams and inheriting owners merged in one query) one at a time", async () => {
    const ctx = contextFor(db, world.actor("workspaceMember"));
    const whole = await listWorkspaceMembers(ctx, { organizationId, workspaceId, limit: 200 });
    expect(whole.nextCursor).toBeNull();
    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listWorkspaceMembers(ctx, { organizationId, workspaceId, cursor, limit: 1 });
      expect(page.items.length).toBeLessThanOrEqual(1);
      keys.push(...page.items.map((m) => (m.type === "user" ? `user:${m.user.id}` : `team:${m.team.id}`)));
      cursor = page.nextCursor;
    } while (cursor);
    // Four direct bindings, the team, and the organization owner who inherits WORKSPACE_OWNER.
    expect(keys).toHaveLength(6);
    expect(keys).toEqual(
      whole.items.map((m) => (m.type === "user" ? `user:${m.user.id}` : `team:${m.team.id}`)),
    );
  });

  it("pages workspaces with limit + 1 in the query", async () => {
    const ctx = contextFor(observed, world.actor("organizationOwner"));
    const from = statements.length;
    const first = await listWorkspaces(ctx, { organizationId, limit: 1 });
    const read = statements.slice(from).find((s) => /FROM "public"\."Workspace"/.test(s.sql));
    expect(read && limitOf(read)).toBe(2);
    expect(first.items.map((w) => w.name)).toHaveLength(1);
    const second = await listWorkspaces(ctx, { organizationId, limit: 1, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((w) => w.name).sort()).toEqual(["Analytics", "Billing"]);
  });
});
