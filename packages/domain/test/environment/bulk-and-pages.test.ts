// Setting several variables at once (all or none, every problem at once, one audit event) and
// lists that page in the database query.
import type { PrismaClient } from "@skyport/db";
import {
  bulkUpdateAirflowConnections,
  bulkUpdateAirflowVariables,
  bulkUpdateEnvironmentVariables,
  createAirflowConnection,
  createEnvironmentVariable,
  listAirflowConnections,
  listEnvironmentVariables,
} from "@skyport/domain";
import { describe, expect, it } from "vitest";
import { contextFor } from "../workspace-support.ts";
import {
  as,
  auditCount,
  buildWorld,
  canary,
  db,
  delivered,
  freshServices,
  onDeployment,
  onWorkspace,
  reconciledDeployments,
  storedText,
  validationIssues,
} from "./support.ts";

describe("bulk update", () => {
  it("adds and changes several variables in one change with one audit event, keeping secrets", async () => {
    const world = await buildWorld(db);
    const author = as(world, "workspaceAuthor");
    const services = freshServices();
    const secret = canary();
    await createEnvironmentVariable(
      author,
      { ...onDeployment(world), key: "TOKEN", value: secret, isSecret: true },
      services,
    );
    await createEnvironmentVariable(author, { ...onDeployment(world), key: "REGION", value: "eu" }, services);
    const auditBefore = await auditCount(world.organizationId);
    const fresh = freshServices();

    const result = await bulkUpdateEnvironmentVariables(
      author,
      {
        ...onDeployment(world),
        entries: [
          { key: "REGION", value: "us" },
          { key: "TOKEN", description: "ignored for environment variables" },
          { key: "NEW_ONE", value: "1" },
        ],
      },
      fresh,
    );

    expect(result.created.map((v) => v.key)).toEqual(["NEW_ONE"]);
    expect(result.updated.map((v) => [v.key, v.value, v.isSecret])).toEqual([
      ["REGION", "us", false],
      ["TOKEN", null, true],
    ]);
    expect(await delivered(world)).toMatchObject({ REGION: "us", TOKEN: secret, NEW_ONE: "1" });
    expect(await auditCount(world.organizationId)).toBe(auditBefore + 1);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: world.organizationId },
      orderBy: { sequence: "desc" },
    });
    expect(event.action).toBe("environmentVariable.bulkUpdate");
    expect(event.metadata).toMatchObject({ created: ["NEW_ONE"], updated: ["REGION", "TOKEN"] });
    expect(await reconciledDeployments(fresh.producer)).toEqual([world.deploymentId]);
    expect(await storedText(db, world.organizationId)).not.toContain(secret);
  });

  it("reports every problem of every entry at once, naming the entry by its key, and writes nothing", async () => {
    const world = await buildWorld(db);
    const author = as(world, "workspaceAuthor");
    await createEnvironmentVariable(
      author,
      { ...onDeployment(world), key: "THERE", value: "1" },
      freshServices(),
    );
    const before = await db.environmentVariable.count({ where: { scopeId: world.deploymentId } });

    const issues = await validationIssues(() =>
      bulkUpdateEnvironmentVariables(
        author,
        {
          ...onDeployment(world),
          mode: "create",
          entries: [
            { key: "GOOD", value: "1" },
            { key: "AIRFLOW__CORE__FERNET_KEY", value: "x" },
            { key: "THERE", value: "2" },
            { key: "GOOD", value: "again" },
            { key: "NO_VALUE" },
            { key: "NUL", value: "a\u0000b" },
          ],
        },
        freshServices(),
      ),
    );

    expect(issues).toEqual([
      expect.stringMatching(
        /^entries\.1\.key: Environment variable `AIRFLOW__CORE__FERNET_KEY`: key .*reserved/,
      ),
      "entries.2.key: Environment variable `THERE`: key already exists on this deployment",
      "entries.3.key: Environment variable `GOOD`: key is already given by entry 1",
      "entries.4.value: Environment variable `NO_VALUE`: value is required for a new key",
      "entries.5.value: Environment variable `NUL`: value must not contain NUL characters (an environment variable cannot hold them)",
    ]);
    expect(await db.environmentVariable.count({ where: { scopeId: world.deploymentId } })).toBe(before);
  });

  it("update mode refuses a key that does not exist instead of adding it", async () => {
    const world = await buildWorld(db);
    const author = as(world, "workspaceAuthor");
    const issues = await validationIssues(() =>
      bulkUpdateAirflowVariables(
        author,
        { ...onWorkspace(world), mode: "update", entries: [{ key: "missing_key", value: "1" }] },
        freshServices(),
      ),
    );
    expect(issues).toEqual([
      "entries.0.key: Airflow variable `missing_key`: key does not exist in this workspace",
    ]);
    expect(await db.airflowVariable.count({ where: { scopeId: world.workspaceId } })).toBe(0);
  });

  it("needs the owner's manage permission", async () => {
    const world = await buildWorld(db);
    const call = bulkUpdateEnvironmentVariables(
      as(world, "workspaceMember"),
      { ...onDeployment(world), entries: [{ key: "A", value: "1" }] },
      freshServices(),
    );
    await expect(call).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("bulk update of Airflow connections", () => {
  it("adds one and changes another, keeping the stored password, in one audited change", async () => {
    const world = await buildWorld(db);
    const author = as(world, "workspaceAuthor");
    const password = canary();
    await createAirflowConnection(
      author,
      { ...onDeployment(world), connectionId: "warehouse", uri: `postgres://etl:${password}@db:5432/dw` },
      freshServices(),
    );
    const auditBefore = await auditCount(world.organizationId);

    const result = await bulkUpdateAirflowConnections(
      author,
      {
        ...onDeployment(world),
        entries: [
          { connectionId: "warehouse", host: "db2" },
          { connectionId: "billing_api", connType: "http", host: "billing.example.com" },
        ],
      },
      freshServices(),
    );

    expect(result.created.map((c) => c.connectionId)).toEqual(["billing_api"]);
    expect(result.updated.map((c) => [c.connectionId, c.host, c.passwordSet])).toEqual([
      ["warehouse", "db2", true],
    ]);
    expect((await delivered(world)).warehouse).toBe(
      `postgres://etl:${encodeURIComponent(password)}@db2:5432/dw`,
    );
    expect(await auditCount(world.organizationId)).toBe(auditBefore + 1);
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it("names each problem by the connection as the user wrote it, all at once, writing nothing", async () => {
    const world = await buildWorld(db);
    const issues = await validationIssues(() =>
      bulkUpdateAirflowConnections(
        as(world, "workspaceAuthor"),
        {
          ...onWorkspace(world),
          entries: [
            { connectionId: "my_db", connType: "postgres", port: 70000 },
            { connectionId: "api", host: "a b" },
            { connectionId: "MY_DB", connType: "http" },
          ],
        },
        freshServices(),
      ),
    );
    expect(issues).toEqual([
      "entries.0.port: Connection `my_db`: port must be a whole number from 1 to 65535",
      expect.stringMatching(/^entries\.1\.connType: Connection `api`: connType is required/),
      "entries.1.host: Connection `api`: host must not contain spaces",
      "entries.2.connectionId: Connection `MY_DB`: connectionId is already given by entry 1",
    ]);
    expect(await db.airflowConnection.count({ where: { scopeId: world.workspaceId } })).toBe(0);
  });
});

/** The client, recording the arguments of every findMany on the environment tables. */
function recording(database: PrismaClient, calls: unknown[]): PrismaClient {
  const tables = new Set(["environmentVariable", "airflowVariable", "airflowConnection"]);
  return new Proxy(database, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== "string" || !tables.has(property)) return value;
      return new Proxy(value as object, {
        get(table, method, tableReceiver) {
          const fn = Reflect.get(table, method, tableReceiver);
          if (method !== "findMany" || typeof fn !== "function") return fn;
          return (args: unknown) => {
            calls.push(args);
            return fn.call(table, args);
          };
        },
      });
    },
  });
}

describe("lists page in the query", () => {
  it("reads one page (plus one row to know there is more) in key order, cursor after cursor", async () => {
    const world = await buildWorld(db);
    const author = as(world, "workspaceAuthor");
    const services = freshServices();
    for (const key of ["E", "B", "D", "A", "C"]) {
      await createEnvironmentVariable(author, { ...onDeployment(world), key, value: key }, services);
    }
    const calls: unknown[] = [];
    const reader = contextFor(recording(db, calls), world.actor("workspaceAuthor"));

    const first = await listEnvironmentVariables(reader, { ...onDeployment(world), limit: 2 }, services);
    expect(first.items.map((v) => v.key)).toEqual(["A", "B"]);
    expect(calls).toEqual([expect.objectContaining({ take: 3, orderBy: { key: "asc" } })]);
    expect(first.nextCursor).toEqual(expect.any(String));

    const second = await listEnvironmentVariables(
      reader,
      { ...onDeployment(world), limit: 2, cursor: first.nextCursor ?? "" },
      services,
    );
    expect(second.items.map((v) => v.key)).toEqual(["C", "D"]);
    expect(calls[1]).toMatchObject({ take: 3, where: { key: { gt: "B" } } });

    const last = await listEnvironmentVariables(
      reader,
      { ...onDeployment(world), limit: 2, cursor: second.nextCursor ?? "" },
      services,
    );
    expect(last).toMatchObject({ items: [{ key: "E" }], nextCursor: null });
  });

  it("refuses a cursor it did not hand out", async () => {
    const world = await buildWorld(db);
    const issues = await validationIssues(() =>
      listAirflowConnections(
        as(world, "workspaceMember"),
        { ...onWorkspace(world), cursor: "not-a-cursor" },
        freshServices(),
      ),
    );
    expect(issues).toEqual([
      "cursor: is not a cursor this API returned (use nextCursor from the previous page)",
    ]);
  });
});
