// Airflow connections in the domain: fields or a URI, validation per field, the password and
// secret extra fields write-only on every read, the update rules for kept secrets, case-blind
// uniqueness, and the AIRFLOW_CONN_ value the deployment receives.
import {
  type AirflowConnectionView,
  createAirflowConnection,
  deleteAirflowConnection,
  getAirflowConnection,
  getDeploymentEnvironment,
  listAirflowConnections,
  updateAirflowConnection,
} from "@skyport/domain";
import type { World } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import {
  as,
  buildWorld,
  canary,
  clashOf,
  db,
  delivered,
  freshServices,
  onDeployment,
  reconciledDeployments,
  storedText,
  validationIssues,
  writesIn,
} from "./support.ts";

/** A delivered AIRFLOW_CONN_ value read back the way Airflow reads either form. */
function readConnection(value: string | null | undefined): Record<string, unknown> {
  if (!value) throw new Error("no value delivered");
  if (value.startsWith("{")) return JSON.parse(value);
  const url = new URL(value);
  const decode = (text: string) => (text === "" ? undefined : decodeURIComponent(text));
  const extra = Object.fromEntries(url.searchParams.entries());
  return {
    conn_type: url.protocol.slice(0, -1).replaceAll("-", "_"),
    host: url.hostname,
    login: decode(url.username),
    password: decode(url.password),
    schema: decode(url.pathname.slice(1)),
    ...(url.port ? { port: Number(url.port) } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/** What creating a connection on the world's deployment as its author refuses, field by field. */
function creationIssues(world: World, fields: Omit<Parameters<typeof createAirflowConnection>[1], "owner">) {
  return validationIssues(() =>
    createAirflowConnection(
      as(world, "workspaceAuthor"),
      { ...onDeployment(world), ...fields },
      freshServices(),
    ),
  );
}

/** The HTTP connection `api` on the world's deployment, its `token` extra secret. */
function httpApiConnection(
  world: Parameters<typeof onDeployment>[0],
  password: string,
  extra: Record<string, string>,
) {
  return {
    ...onDeployment(world),
    connectionId: "api",
    connType: "http",
    host: "api.example.com",
    login: "svc",
    password,
    extra,
    secretExtraFields: ["token"],
  };
}

describe("createAirflowConnection", () => {
  it("takes a URI, parsed the way Airflow reads it, and delivers it as AIRFLOW_CONN_<ID>", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const password = `p@ss:${canary()}`;
    const created = await createAirflowConnection(
      as(world, "workspaceAuthor"),
      {
        ...onDeployment(world),
        connectionId: "warehouse",
        uri: `postgresql://etl:${encodeURIComponent(password)}@DB.example.com:5432/analytics?sslmode=require`,
        description: "The warehouse",
      },
      services,
    );
    expect(created.airflowConnection).toMatchObject({
      connectionId: "warehouse",
      connType: "postgres",
      host: "db.example.com",
      port: 5432,
      login: "etl",
      schema: "analytics",
      password: null,
      passwordSet: true,
      extra: { sslmode: "require" },
      secretExtraFields: [],
      masked: true,
      valueVersion: 1,
    });
    expect(await reconciledDeployments(services.producer)).toEqual([world.deploymentId]);
    expect(await delivered(world)).toEqual({
      warehouse: `postgres://etl:${encodeURIComponent(password)}@db.example.com:5432/analytics?sslmode=require`,
    });
    const text = await storedText(db, world.organizationId);
    expect(text).not.toContain(password);
    expect(text).not.toContain(encodeURIComponent(password));
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: world.organizationId, action: "airflowConnection.create" },
    });
    expect(audit.metadata).toEqual({
      scope: "DEPLOYMENT",
      connectionId: "warehouse",
      connType: "postgres",
      secretExtraFields: [],
      linkAllDeployments: false,
      linkedDeploymentIds: [],
    });
  });

  it("takes fields one by one, with a nested extra delivered in JSON form", async () => {
    const world = await buildWorld(db);
    const key = canary("private-key");
    const created = await createAirflowConnection(
      as(world, "deploymentAdmin"),
      {
        ...onDeployment(world),
        connectionId: "gcp_default",
        connType: "google_cloud_platform",
        extra: { project: "analytics-prod", keyfile_dict: { private_key: key } },
        secretExtraFields: ["keyfile_dict"],
      },
      freshServices(),
    );
    expect(created.airflowConnection).toMatchObject({
      host: null,
      passwordSet: false,
      extra: { project: "analytics-prod", keyfile_dict: null },
      secretExtraFields: ["keyfile_dict"],
      masked: true,
    });
    expect(JSON.parse((await delivered(world)).gcp_default ?? "")).toEqual({
      conn_type: "google_cloud_platform",
      extra: { project: "analytics-prod", keyfile_dict: { private_key: key } },
    });
    expect(await storedText(db, world.organizationId)).not.toContain(key);
  });

  it("names every bad field at once and writes nothing", async () => {
    const world = await buildWorld(db);
    const before = await writesIn(world.organizationId);
    const issues = await creationIssues(world, {
      connectionId: "my-db",
      connType: "Postgres",
      port: 70000,
      extra: ["not", "an", "object"],
      secretExtraFields: ["token"],
    });
    expect(issues).toEqual([
      "connectionId: must be letters, digits and '_': Airflow reads the connection from AIRFLOW_CONN_<ID>, and '.', '-' or other characters cannot appear in an environment variable name",
      "connType: must be lowercase letters, digits and '_', starting with a letter (e.g. postgres, google_cloud_platform), at most 100 characters",
      "port: must be a whole number from 1 to 65535",
      'extra: must be a JSON object (e.g. {"sslmode": "require"})',
      "secretExtraFields.0: is not a field of extra",
    ]);
    expect(await writesIn(world.organizationId)).toEqual(before);
  });

  it.each([
    [
      "not a uri at all",
      "uri: is not a valid URI; expected type://login:password@host:port/schema?key=value",
    ],
    [
      "postgres://u:p@db:99999/x",
      "uri: is not a valid URI; expected type://login:password@host:port/schema?key=value",
    ],
    ["postgres://u:p@db:0/x", "uri: port: must be a whole number from 1 to 65535"],
    [
      "postgres://u:p#ss@db/x",
      "uri: contains '#', which ends a URI: percent-encode it as %23 (e.g. in a password)",
    ],
    ["postgres:db", "uri: must start with the connection type and '://' (e.g. postgres://)"],
    ["postgres://u:%E0%A4%A@db/x", "uri: password: has a malformed percent-encoding"],
    ["http://h/?__extra__=%7Bnope", "uri: extra: __extra__ must hold a JSON object"],
    ["http://h/?__proto__=x", "uri: extra.__proto__: is not allowed as an extra field name"],
  ])("refuses the malformed URI %j on the uri field", async (uri, issue) => {
    const world = await buildWorld(db);
    const issues = await creationIssues(world, { connectionId: "c", uri });
    expect(issues).toEqual([issue]);
    expect(JSON.stringify(issues)).not.toContain("u:p");
  });

  it("refuses __proto__ as an extra field (it would replace an object's prototype)", async () => {
    const world = await buildWorld(db);
    const issues = await creationIssues(world, {
      connectionId: "c",
      connType: "http",
      extra: JSON.parse('{"__proto__": {"x": 1}}'),
    });
    expect(issues).toEqual(["extra.__proto__: is not allowed as an extra field name"]);
  });

  it("refuses a URI together with fields, airflow_db, and ids that clash ignoring case", async () => {
    const world = await buildWorld(db);
    const ctx = as(world, "workspaceAuthor");
    expect(await creationIssues(world, { connectionId: "c", uri: "http://h", host: "other" })).toEqual([
      "uri: give either uri or the fields (host), not both",
    ]);
    expect(await creationIssues(world, { connectionId: "airflow_db", connType: "postgres" })).toEqual([
      "connectionId: airflow_db is reserved: it is the deployment's own metadata database, which Skyport delivers as airflow_db",
    ]);
    const clash = await clashOf(createAirflowConnection, ctx, {
      first: { ...onDeployment(world), connectionId: "my_db", connType: "postgres" },
      second: { ...onDeployment(world), connectionId: "MY_DB", connType: "mysql" },
      field: "connectionId",
      // `_` is a literal character, not an ILIKE wildcard: "my_d_" is not "my_db".
      distinct: { ...onDeployment(world), connectionId: "my_d_", connType: "postgres" },
    });
    expect(clash.message).toBe(
      "an Airflow connection “my_db” already exists on this deployment; Airflow reads “MY_DB” under the same name",
    );
    expect(await db.airflowConnection.count({ where: { scopeId: world.deploymentId } })).toBe(2);
  });
});

describe("reading connections", () => {
  it("never shows the password or secret extras; members see ids and types only", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const password = canary("pw");
    const token = canary("token");
    await createAirflowConnection(
      as(world, "workspaceAuthor"),
      httpApiConnection(world, password, { token, timeout: "30" }),
      services,
    );
    const reads = async (persona: "workspaceAuthor" | "workspaceMember" | "deploymentAdmin") => {
      const ctx = as(world, persona);
      const [listed] = (await listAirflowConnections(ctx, onDeployment(world), services)).items;
      const one = await getAirflowConnection(ctx, { ...onDeployment(world), connectionId: "api" }, services);
      const received = await getDeploymentEnvironment(ctx, onDeployment(world).owner, services);
      const text = JSON.stringify([listed, one, received]);
      expect(text).not.toContain(password);
      expect(text).not.toContain(token);
      expect(received.delivered).toEqual([
        expect.objectContaining({ name: "AIRFLOW_CONN_API", isSecret: true, value: null, masked: true }),
      ]);
      return one as AirflowConnectionView;
    };
    for (const persona of ["workspaceAuthor", "deploymentAdmin"] as const) {
      expect(await reads(persona)).toMatchObject({
        host: "api.example.com",
        login: "svc",
        password: null,
        passwordSet: true,
        extra: { token: null, timeout: "30" },
        masked: true,
      });
    }
    expect(await reads("workspaceMember")).toMatchObject({
      connectionId: "api",
      connType: "http",
      host: null,
      port: null,
      login: null,
      schema: null,
      extra: null,
      masked: true,
    });
  });

  it("shows a connection without secrets in full, including what the deployment receives", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    await createAirflowConnection(
      as(world, "workspaceAuthor"),
      { ...onDeployment(world), connectionId: "public_api", uri: "https://api.example.com/v1" },
      services,
    );
    const received = await getDeploymentEnvironment(
      as(world, "workspaceAuthor"),
      onDeployment(world).owner,
      services,
    );
    expect(received.delivered).toEqual([
      expect.objectContaining({
        name: "AIRFLOW_CONN_PUBLIC_API",
        isSecret: false,
        value: "https://api.example.com/v1",
        masked: false,
      }),
    ]);
  });
});

describe("updateAirflowConnection", () => {
  async function setUp() {
    const world = await buildWorld(db);
    const ctx = as(world, "workspaceAuthor");
    const password = canary("pw");
    const token = canary("token");
    await createAirflowConnection(
      ctx,
      httpApiConnection(world, password, { token, region: "eu" }),
      freshServices(),
    );
    const ref = { ...onDeployment(world), connectionId: "api" };
    return { world, ctx, password, token, ref };
  }

  it("keeps the password and secret extras when they are not sent (or sent back masked)", async () => {
    const { world, ctx, password, token, ref } = await setUp();
    const shown = await getAirflowConnection(ctx, ref, freshServices());
    const services = freshServices();
    // The view sent back as it was shown, with a new host: every secret survives.
    const updated = await updateAirflowConnection(
      ctx,
      { ...ref, host: "api2.example.com", password: shown.password, extra: shown.extra },
      services,
    );
    expect(updated.airflowConnection).toMatchObject({
      host: "api2.example.com",
      valueVersion: 2,
      extra: { token: null, region: "eu" },
      passwordSet: true,
    });
    expect(await reconciledDeployments(services.producer)).toEqual([world.deploymentId]);
    const value = readConnection((await delivered(world)).api);
    expect(value).toMatchObject({ host: "api2.example.com", password, extra: { token, region: "eu" } });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: world.organizationId, action: "airflowConnection.update" },
    });
    expect(audit.metadata).toMatchObject({ connectionId: "api", changedFields: ["host"] });
  });

  it("changes only what is sent: a new password, a removed password, a new secret extra", async () => {
    const { world, ctx, token, ref } = await setUp();
    const newPassword = canary("pw2");
    await updateAirflowConnection(ctx, { ...ref, password: newPassword }, freshServices());
    expect(readConnection((await delivered(world)).api)).toMatchObject({
      password: newPassword,
      extra: { token },
    });
    const cleared = await updateAirflowConnection(ctx, { ...ref, password: "" }, freshServices());
    expect(cleared.airflowConnection.passwordSet).toBe(false);
    expect(readConnection((await delivered(world)).api).password).toBeUndefined();
    const newToken = canary("token2");
    await updateAirflowConnection(ctx, { ...ref, extra: { token: newToken, region: "us" } }, freshServices());
    expect(readConnection((await delivered(world)).api).extra).toEqual({ token: newToken, region: "us" });
  });

  it("does nothing to delivery (no new version, no reconcile) for a description change", async () => {
    const { ctx, ref } = await setUp();
    const services = freshServices();
    const updated = await updateAirflowConnection(ctx, { ...ref, description: "Billing API" }, services);
    expect(updated.airflowConnection).toMatchObject({ description: "Billing API", valueVersion: 1 });
    expect(updated.affectedDeploymentIds).toEqual([]);
    expect(await reconciledDeployments(services.producer)).toEqual([]);
  });

  it("refuses to reveal a secret extra field without a new value for it", async () => {
    const { world, ctx, token, ref } = await setUp();
    expect(
      await validationIssues(() =>
        updateAirflowConnection(ctx, { ...ref, secretExtraFields: [] }, freshServices()),
      ),
    ).toEqual([
      "secretExtraFields: token must stay secret unless extra gives a new value: stored secret values are never revealed",
    ]);
    // Sending the masked placeholder is not a new value either.
    expect(
      await validationIssues(() =>
        updateAirflowConnection(
          ctx,
          { ...ref, extra: { token: null, region: "eu" }, secretExtraFields: [] },
          freshServices(),
        ),
      ),
    ).toHaveLength(1);
    const revealed = await updateAirflowConnection(
      ctx,
      { ...ref, extra: { token: "public-now", region: "eu" }, secretExtraFields: [] },
      freshServices(),
    );
    expect(revealed.airflowConnection.extra).toEqual({ token: "public-now", region: "eu" });
    expect(JSON.stringify(revealed)).not.toContain(token);
    expect(readConnection((await delivered(world)).api).extra).toMatchObject({ token: "public-now" });
  });

  it("replaces every delivered field from a URI, keeping the password the URI leaves out", async () => {
    const { world, ctx, password, ref } = await setUp();
    const updated = await updateAirflowConnection(
      ctx,
      { ...ref, uri: "https://svc@api.example.org:8443/v2" },
      freshServices(),
    );
    expect(updated.airflowConnection).toMatchObject({
      connType: "https",
      host: "api.example.org",
      port: 8443,
      schema: "v2",
      extra: null,
      secretExtraFields: [],
      passwordSet: true,
    });
    expect((await delivered(world)).api).toBe(
      `https://svc:${encodeURIComponent(password)}@api.example.org:8443/v2`,
    );
  });

  it("deletes, auditing the id, and the deployment stops receiving it", async () => {
    const { world, ctx, ref } = await setUp();
    const services = freshServices();
    const deleted = await deleteAirflowConnection(ctx, ref, services);
    expect(deleted).toMatchObject({ connectionId: "api", affectedDeploymentIds: [world.deploymentId] });
    expect(await delivered(world)).toEqual({});
  });
});
