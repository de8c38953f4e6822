// Environment variables in the domain: validation naming every field (and writing nothing),
// masking on every read path, write-only secrets, uniqueness, roles and the tenant floor,
// audit events without values, sealed storage and the reconcile requested after a change.
import {
  createEnvironmentVariable,
  deleteEnvironmentVariable,
  deliveredEnvironment,
  ForbiddenError,
  getDeploymentEnvironment,
  getEnvironmentVariable,
  listEnvironmentVariables,
  NotFoundError,
  updateEnvironmentVariable,
} from "@skyport/domain";
import { describe, expect, it } from "vitest";
import {
  as,
  buildWorld,
  canary,
  clashOf,
  db,
  deploymentOf,
  errorOf,
  freshServices,
  onDeployment,
  reconciledDeployments,
  secrets,
  storedText,
  validationIssues,
  writesIn,
} from "./support.ts";

describe("createEnvironmentVariable", () => {
  it("stores the value sealed, audits the key only, and queues a reconcile of the deployment", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const value = canary();
    const created = await createEnvironmentVariable(
      as(world, "workspaceAuthor"),
      { ...onDeployment(world), key: "WAREHOUSE_TOKEN", value, isSecret: true },
      services,
    );
    expect(created.environmentVariable).toMatchObject({
      key: "WAREHOUSE_TOKEN",
      isSecret: true,
      value: null,
      masked: true,
      valueVersion: 1,
      scope: "DEPLOYMENT",
      deploymentId: world.deploymentId,
    });
    expect(created.affectedDeploymentIds).toEqual([world.deploymentId]);
    expect(created.reconcileQueued).toBe(true);
    expect(await reconciledDeployments(services.producer)).toEqual([world.deploymentId]);

    const row = await db.environmentVariable.findUniqueOrThrow({
      where: { id: created.environmentVariable.id },
    });
    // A UUID made before sealing; the value is nowhere in the row, the audit log or any column.
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.deliveredBytes).toBe("WAREHOUSE_TOKEN".length + Buffer.byteLength(value));
    expect(await storedText(db, world.organizationId)).not.toContain(value.slice(0, 27));
    const events = await db.auditEvent.findMany({
      where: { organizationId: world.organizationId, action: "environmentVariable.create" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.metadata).toEqual({
      scope: "DEPLOYMENT",
      key: "WAREHOUSE_TOKEN",
      writeOnly: true,
      linkAllDeployments: false,
      linkedDeploymentIds: [],
    });
    // The worker's view: the real value, under its name.
    expect(await deliveredEnvironment(db, secrets, deploymentOf(world))).toEqual([
      { kind: "environmentVariable", key: "WAREHOUSE_TOKEN", value, rowId: row.id, valueVersion: 1 },
    ]);
  });

  it("reports every invalid field at once and writes nothing (no row, no audit event, no job)", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const before = await writesIn(world.organizationId);
    const issues = await validationIssues(() =>
      createEnvironmentVariable(
        as(world, "workspaceAuthor"),
        {
          ...onDeployment(world),
          key: "1BAD-KEY",
          value: "x".repeat(64 * 1024 + 1),
          isSecret: "yes",
          linkAllDeployments: true,
        },
        services,
      ),
    );
    expect(issues).toEqual([
      "key: must be letters, digits and '_', not starting with a digit (e.g. MY_SETTING)",
      "linkAllDeployments: links are for workspace objects; a deployment's own objects reach only it",
      "value: is 65 KiB; a value may be at most 64 KiB",
      "isSecret: must be true or false",
    ]);
    expect(await writesIn(world.organizationId)).toEqual(before);
    expect(await reconciledDeployments(services.producer)).toEqual([]);
  });

  it.each([
    ["AIRFLOW__CORE__FERNET_KEY", "is a platform-held secret"],
    ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD", "would replace database.sql_alchemy_conn"],
    ["AIRFLOW_CONN_WAREHOUSE", "create it as an Airflow connection"],
    ["AIRFLOW_VAR_LIMIT", "create it as an Airflow variable"],
    ["AIRFLOW__CORE__PARALLELISM", "set it as an Airflow configuration override"],
    ["AIRFLOW_HOME", "writable home"],
    ["A".repeat(256), "at most 255 characters"],
  ])("refuses the reserved or invalid name %s with the reason", async (key, reason) => {
    const world = await buildWorld(db);
    const issues = await validationIssues(() =>
      createEnvironmentVariable(
        as(world, "workspaceAuthor"),
        { ...onDeployment(world), key, value: "v" },
        freshServices(),
      ),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain("key: ");
    expect(issues[0]).toContain(reason);
  });

  it("refuses a NUL character in the value", async () => {
    const world = await buildWorld(db);
    const issues = await validationIssues(() =>
      createEnvironmentVariable(
        as(world, "workspaceAuthor"),
        { ...onDeployment(world), key: "K", value: "a\u0000b" },
        freshServices(),
      ),
    );
    expect(issues).toEqual([
      "value: must not contain NUL characters (an environment variable cannot hold them)",
    ]);
  });

  it("refuses a second variable with the same key (case matters for environment variables)", async () => {
    const world = await buildWorld(db);
    const ctx = as(world, "workspaceAuthor");
    const error = await clashOf(createEnvironmentVariable, ctx, {
      first: { ...onDeployment(world), key: "REGION", value: "eu" },
      second: { ...onDeployment(world), key: "REGION", value: "us" },
      field: "key",
      // A different case is a different environment variable.
      distinct: { ...onDeployment(world), key: "region", value: "us" },
    });
    expect(error.message).toBe("an environment variable named “REGION” already exists on this deployment");
    expect(await db.environmentVariable.count({ where: { scopeId: world.deploymentId } })).toBe(2);
  });
});

describe("reading environment variables", () => {
  it("shows non-secret values to authors and admins, names only to members, secret values to nobody", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const secret = canary();
    const author = as(world, "workspaceAuthor");
    await createEnvironmentVariable(
      author,
      { ...onDeployment(world), key: "PLAIN", value: "visible" },
      services,
    );
    await createEnvironmentVariable(
      author,
      { ...onDeployment(world), key: "TOKEN", value: secret, isSecret: true },
      services,
    );

    const expected = {
      workspaceAuthor: { PLAIN: "visible", TOKEN: null },
      deploymentAdmin: { PLAIN: "visible", TOKEN: null },
      organizationOwner: { PLAIN: "visible", TOKEN: null },
      workspaceMember: { PLAIN: null, TOKEN: null },
    } as const;
    for (const [persona, values] of Object.entries(expected)) {
      const ctx = as(world, persona as keyof typeof expected);
      const listed = (await listEnvironmentVariables(ctx, onDeployment(world), services)).items;
      expect(Object.fromEntries(listed.map((v) => [v.key, v.value])), persona).toEqual(values);
      expect(listed.map((v) => v.masked)).toEqual([values.PLAIN === null, true]);
      const one = await getEnvironmentVariable(ctx, { ...onDeployment(world), key: "TOKEN" }, services);
      expect(one.value).toBeNull();
      const received = await getDeploymentEnvironment(ctx, onDeployment(world).owner, services);
      expect(JSON.stringify(received)).not.toContain(secret);
      expect(received.delivered.map((d) => [d.name, d.value])).toEqual([
        ["PLAIN", values.PLAIN],
        ["TOKEN", null],
      ]);
    }
  });

  it("answers NOT_FOUND across tenants and FORBIDDEN for callers without a role", async () => {
    const world = await buildWorld(db);
    const other = await buildWorld(db);
    const services = freshServices();
    const created = await createEnvironmentVariable(
      as(world, "workspaceAuthor"),
      { ...onDeployment(world), key: "K", value: "v" },
      services,
    );
    const id = created.environmentVariable.id;
    // An outsider, and another organization's owner naming this organization's deployment.
    for (const call of [
      () => listEnvironmentVariables(as(world, "outsider"), onDeployment(world), services),
      () => getEnvironmentVariable(as(other, "organizationOwner"), { ...onDeployment(world), id }, services),
      // Their own deployment, this row's id: the row is not in that scope.
      () => getEnvironmentVariable(as(other, "organizationOwner"), { ...onDeployment(other), id }, services),
      () =>
        updateEnvironmentVariable(
          as(other, "organizationOwner"),
          { ...onDeployment(other), id, value: "x" },
          services,
        ),
      () =>
        deleteEnvironmentVariable(as(other, "organizationOwner"), { ...onDeployment(other), id }, services),
    ]) {
      expect(await errorOf(call)).toBeInstanceOf(NotFoundError);
    }
    expect(
      await errorOf(() => listEnvironmentVariables(as(world, "billingAdmin"), onDeployment(world), services)),
    ).toBeInstanceOf(ForbiddenError);
    // Members read names but cannot change anything.
    expect(
      await errorOf(() =>
        createEnvironmentVariable(
          as(world, "workspaceMember"),
          { ...onDeployment(world), key: "X", value: "v" },
          services,
        ),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      (await getEnvironmentVariable(as(world, "workspaceAuthor"), { ...onDeployment(world), id }, services))
        .value,
    ).toBe("v");
  });
});

describe("updateEnvironmentVariable", () => {
  it("keeps a secret's value when none is sent, and bumps the version when one is", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const ctx = as(world, "workspaceAuthor");
    const first = canary("first");
    const { environmentVariable } = await createEnvironmentVariable(
      ctx,
      { ...onDeployment(world), key: "API_KEY", value: first, isSecret: true },
      services,
    );
    const ref = { ...onDeployment(world), id: environmentVariable.id };

    const untouched = await updateEnvironmentVariable(ctx, { ...ref, value: null }, freshServices());
    expect(untouched.environmentVariable.valueVersion).toBe(1);
    expect(untouched.affectedDeploymentIds).toEqual([]);
    expect((await deliveredEnvironment(db, secrets, deploymentOf(world)))[0]?.value).toBe(first);

    const second = canary("second");
    const changed = await updateEnvironmentVariable(ctx, { ...ref, value: second }, services);
    expect(changed.environmentVariable).toMatchObject({
      valueVersion: 2,
      value: null,
      masked: true,
      isSecret: true,
    });
    expect(changed.affectedDeploymentIds).toEqual([world.deploymentId]);
    expect((await deliveredEnvironment(db, secrets, deploymentOf(world)))[0]).toMatchObject({
      value: second,
      valueVersion: 2,
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: world.organizationId, action: "environmentVariable.update" },
      orderBy: { sequence: "desc" },
    });
    expect(audit.metadata).toMatchObject({ key: "API_KEY", changedFields: ["value"] });
    const everything = await storedText(db, world.organizationId);
    expect(everything).not.toContain(first);
    expect(everything).not.toContain(second);
  });

  it("refuses to make a secret non-secret without a new value (that would reveal it)", async () => {
    const world = await buildWorld(db);
    const ctx = as(world, "workspaceAuthor");
    const { environmentVariable } = await createEnvironmentVariable(
      ctx,
      { ...onDeployment(world), key: "PASSWORD_X", value: canary(), isSecret: true },
      freshServices(),
    );
    const ref = { ...onDeployment(world), id: environmentVariable.id };
    expect(
      await validationIssues(() =>
        updateEnvironmentVariable(ctx, { ...ref, isSecret: false }, freshServices()),
      ),
    ).toEqual([
      "isSecret: a secret stays secret unless a new value is given with the change: its current value is never revealed",
    ]);
    const revealed = await updateEnvironmentVariable(
      ctx,
      { ...ref, isSecret: false, value: "now public" },
      freshServices(),
    );
    expect(revealed.environmentVariable).toMatchObject({
      isSecret: false,
      value: "now public",
      masked: false,
    });
  });

  it("makes a plain variable secret without touching its value", async () => {
    const world = await buildWorld(db);
    const ctx = as(world, "deploymentAdmin");
    const { environmentVariable } = await createEnvironmentVariable(
      ctx,
      { ...onDeployment(world), key: "REGION", value: "eu-west-1" },
      freshServices(),
    );
    const updated = await updateEnvironmentVariable(
      ctx,
      { ...onDeployment(world), key: "REGION", isSecret: true },
      freshServices(),
    );
    expect(updated.environmentVariable).toMatchObject({
      id: environmentVariable.id,
      isSecret: true,
      value: null,
      valueVersion: 1,
    });
  });
});

describe("deleteEnvironmentVariable", () => {
  it("removes it, audits its key and reconciles the deployment", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const ctx = as(world, "workspaceAuthor");
    const { environmentVariable } = await createEnvironmentVariable(
      ctx,
      { ...onDeployment(world), key: "GONE", value: "x" },
      freshServices(),
    );
    const deleted = await deleteEnvironmentVariable(ctx, { ...onDeployment(world), key: "GONE" }, services);
    expect(deleted).toMatchObject({
      id: environmentVariable.id,
      key: "GONE",
      affectedDeploymentIds: [world.deploymentId],
    });
    expect(await reconciledDeployments(services.producer)).toEqual([world.deploymentId]);
    expect(await db.environmentVariable.count({ where: { id: environmentVariable.id } })).toBe(0);
    expect(await deliveredEnvironment(db, secrets, deploymentOf(world))).toEqual([]);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: world.organizationId, action: "environmentVariable.delete" },
    });
    expect(audit.targets).toEqual([
      { type: "environmentVariable", id: environmentVariable.id, label: "GONE" },
      { type: "deployment", id: world.deploymentId, label: "etl" },
    ]);
    expect(
      await errorOf(() => deleteEnvironmentVariable(ctx, { ...onDeployment(world), key: "GONE" }, services)),
    ).toBeInstanceOf(NotFoundError);
  });
});
