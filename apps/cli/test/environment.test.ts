// `skyport deployment|workspace variable|connection|airflow-variable …` and `deployment
// environment` against the real REST API: values as stored (secrets opened with the server's own
// SecretBox to prove an update kept them), masks in every output and in saved .env files, .env
// loads that are all or nothing, field errors with exit 2, and a member's token that sees names
// only. Every secret planted here is a canary that must appear in no CLI output at all.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer } from "./support/api-server.ts";
import {
  type CliOptions,
  type CliRun,
  CliUser,
  type SignedUpUser,
  scriptedTerminal,
  words,
} from "./support/cli.ts";

const server = await startApiServer();
const { db, secrets } = server.services;
afterAll(() => server.close());

let ada: SignedUpUser;
let workspaceId: string;
let etl: { id: string; name: string };
let reports: { id: string; name: string };
let workDir: string;

/** Every secret value planted, and every CLI output seen: none may contain any of the former. */
const canaries: string[] = [];
const outputs: Array<{ argv: string[]; text: string }> = [];

function canary(): string {
  const value = `canary-${randomBytes(12).toString("hex")}`;
  canaries.push(value);
  return value;
}

async function cli(argv: string[], options: CliOptions = {}, user: CliUser = ada): Promise<CliRun> {
  const result = await user.run(argv, options);
  outputs.push({ argv, text: result.stdout + result.stderr });
  return result;
}

/** `deployment GROUP ACTION --deployment-name NAME`: a command on one deployment's environment. */
function onDeployment(name: string, group: string, action: string): string[] {
  return ["deployment", group, action, "--deployment-name", name];
}

/** `workspace GROUP ACTION`: a command on the current workspace's environment. */
function onWorkspace(group: string, action: string): string[] {
  return ["workspace", group, action];
}

/** Runs a command that must succeed, and returns its JSON output. */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape the command printed
async function json<T = any>(argv: string[], options: CliOptions = {}): Promise<T> {
  const result = await cli([...argv, "-o", "json"], options);
  expect(result.stderr, result.stderr).not.toMatch(/error/);
  expect(result.code).toBe(0);
  return result.json<T>();
}

async function createDeployment(name: string) {
  const result = await cli(["deployment", "create", name, "-o", "json"]);
  expect(result.code).toBe(0);
  return result.json() as { id: string; name: string };
}

function file(name: string): string {
  return path.join(workDir, name);
}

/** A sealed field of a stored row, opened the way the reconciler opens it. */
function opened(
  row: { id: string; organizationId: string; valueVersion: number },
  table: "EnvironmentVariable" | "AirflowVariable" | "AirflowConnection",
  field: "value" | "password",
  ciphertext: Uint8Array,
) {
  return secrets.open(
    db,
    { organizationId: row.organizationId, table, rowId: row.id, field, valueVersion: row.valueVersion },
    ciphertext,
  );
}

/** A stored variable's value, opened. */
async function storedValue(table: "EnvironmentVariable" | "AirflowVariable", scopeId: string, key: string) {
  const row =
    table === "EnvironmentVariable"
      ? await db.environmentVariable.findUniqueOrThrow({ where: { scopeId_key: { scopeId, key } } })
      : await db.airflowVariable.findUniqueOrThrow({ where: { scopeId_key: { scopeId, key } } });
  const value = await opened(row, table, "value", row.valueCiphertext);
  return { value, isSecret: row.isSecret, valueVersion: row.valueVersion };
}

async function storedPassword(scopeId: string, connectionId: string): Promise<string | null> {
  const row = await db.airflowConnection.findUniqueOrThrow({
    where: { scopeId_connectionId: { scopeId, connectionId } },
  });
  return row.passwordCiphertext ? opened(row, "AirflowConnection", "password", row.passwordCiphertext) : null;
}

beforeAll(async () => {
  ada = await CliUser.signedUp(server, "Ada");
  const workspace = await ada.run([...onWorkspace("create", "Analytics"), "-o", "json"]);
  expect(workspace.code).toBe(0);
  workspaceId = workspace.json().id;
  etl = await createDeployment("etl");
  reports = await createDeployment("reports");
  workDir = await mkdtemp(path.join(tmpdir(), "skyport-cli-environment-"));
});

describe("skyport deployment variable", () => {
  it("creates a plain and a secret variable; the secret is masked in every answer", async () => {
    const plain = await json([
      ...onDeployment("etl", "variable", "create"),
      ...words("--key PLAIN --value hello"),
    ]);
    expect(plain).toMatchObject({
      key: "PLAIN",
      value: "hello",
      isSecret: false,
      masked: false,
      organizationId: ada.organizationId,
      workspaceId,
      deploymentId: etl.id,
      scope: "DEPLOYMENT",
    });

    const password = canary();
    const secret = await json(
      [
        "deployment",
        "variable",
        "create",
        "--deployment-id",
        etl.id,
        "--key",
        "DB_PASSWORD",
        "--secret",
        "--value-stdin",
      ],
      { stdin: `${password}\n` },
    );
    expect(secret).toMatchObject({ key: "DB_PASSWORD", isSecret: true, value: null, masked: true });
    expect(await storedValue("EnvironmentVariable", etl.id, "DB_PASSWORD")).toMatchObject({
      value: password,
      isSecret: true,
    });

    const listed = await json(["deployment", "variable", "list", "--deployment-name", "etl"]);
    expect(listed.map((v: { key: string; value: string | null }) => [v.key, v.value])).toEqual(
      expect.arrayContaining([
        ["PLAIN", "hello"],
        ["DB_PASSWORD", null],
      ]),
    );
    const table = await cli(["deployment", "variable", "list", "--deployment-name", "etl"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]?.split(/\s{2,}/)).toEqual(["KEY", "VALUE", "SECRET", "UPDATED"]);
    expect(table.stdout).toMatch(/^DB_PASSWORD\s+\*\*\*\*\s+yes\s/m);
    expect(table.stdout).toMatch(/^PLAIN\s+hello\s+\d{4}-/m);
  });

  it("asks for a secret value at a hidden prompt on a terminal, and needs one without", async () => {
    const typed = canary();
    const terminal = scriptedTerminal(typed);
    const created = await cli(
      [...onDeployment("etl", "variable", "create"), "--key", "TYPED_TOKEN", "--secret"],
      { terminal },
    );
    expect(created.code).toBe(0);
    expect(terminal.asked).toEqual(["Value of TYPED_TOKEN:"]);
    expect((await storedValue("EnvironmentVariable", etl.id, "TYPED_TOKEN")).value).toBe(typed);

    const script = await cli([...onDeployment("etl", "variable", "create"), "--key", "NO_VALUE"]);
    expect(script.code).toBe(2);
    expect(script.stderr).toContain("a value is required");
  });

  it("updates a secret without a value: the stored value is kept", async () => {
    // Not secret at first, so shown once: not a canary.
    const password = `kept-${randomBytes(8).toString("hex")}`;
    await json([...onDeployment("etl", "variable", "create"), "--key", "KEPT", "--value-stdin"], {
      stdin: password,
    });
    const before = await storedValue("EnvironmentVariable", etl.id, "KEPT");
    expect(before).toMatchObject({ value: password, isSecret: false });

    const marked = await json([...onDeployment("etl", "variable", "update"), "--key", "KEPT", "--secret"]);

    expect(marked).toMatchObject({ key: "KEPT", isSecret: true, value: null, masked: true });
    expect(await storedValue("EnvironmentVariable", etl.id, "KEPT")).toEqual({ ...before, isSecret: true });

    const nothing = await cli([...onDeployment("etl", "variable", "update"), "--key", "KEPT"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("nothing to change");

    const replaced = canary();
    const changed = await json([...onDeployment("etl", "variable", "update"), `KEPT=${replaced}`]);
    expect(changed).toMatchObject({ key: "KEPT", isSecret: true, value: null });
    expect(await storedValue("EnvironmentVariable", etl.id, "KEPT")).toMatchObject({
      value: replaced,
      valueVersion: before.valueVersion + 1,
    });
  });

  it("creates and updates several KEY=VALUE pairs at once, all or nothing", async () => {
    const created = await json([
      ...onDeployment("etl", "variable", "create"),
      "PAIR_A=1",
      "PAIR_B=two words",
    ]);
    expect(created.created.map((v: { key: string; value: string }) => [v.key, v.value])).toEqual([
      ["PAIR_A", "1"],
      ["PAIR_B", "two words"],
    ]);

    const updated = await json([...onDeployment("etl", "variable", "update"), "PAIR_A=3", "PAIR_B=4"]);
    expect(updated.updated.map((v: { key: string; value: string }) => [v.key, v.value])).toEqual([
      ["PAIR_A", "3"],
      ["PAIR_B", "4"],
    ]);

    const missing = await cli([...onDeployment("etl", "variable", "update"), "PAIR_A=5", "PAIR_MISSING=6"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      "PAIR_MISSING (argument 2): Environment variable `PAIR_MISSING`: key does not exist on this deployment",
    );
    expect((await storedValue("EnvironmentVariable", etl.id, "PAIR_A")).value).toBe("3");

    const exists = await cli([...onDeployment("etl", "variable", "create"), "PAIR_C=1", "PAIR_A=9"]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain(
      "PAIR_A (argument 2): Environment variable `PAIR_A`: key already exists on this deployment",
    );
    expect(exists.stderr).toContain("use `update` instead of `create`");
    expect(await db.environmentVariable.count({ where: { scopeId: etl.id, key: "PAIR_C" } })).toBe(0);

    const malformed = await cli([...onDeployment("etl", "variable", "create"), "OK=1", canary()]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("argument 2 is not KEY=VALUE");
  });

  it("refuses a reserved key with exit 2 naming the field, writing nothing and echoing no value", async () => {
    const value = canary();
    const single = await cli([
      ...onDeployment("etl", "variable", "create"),
      "--key",
      "AIRFLOW__CORE__FERNET_KEY",
      "--value",
      value,
    ]);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/^error: key: AIRFLOW__CORE__FERNET_KEY is reserved/);

    const several = await cli([
      ...onDeployment("etl", "variable", "create"),
      "FINE=1",
      `AIRFLOW__CORE__FERNET_KEY=${canary()}`,
    ]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain(
      "AIRFLOW__CORE__FERNET_KEY (argument 2): Environment variable `AIRFLOW__CORE__FERNET_KEY`: key AIRFLOW__CORE__FERNET_KEY is reserved",
    );
    expect(
      await db.environmentVariable.count({ where: { key: { in: ["AIRFLOW__CORE__FERNET_KEY", "FINE"] } } }),
    ).toBe(0);
  });

  it("deletes a variable only when confirmed", async () => {
    await json([...onDeployment("etl", "variable", "create"), "--key", "GONE", "--value", "x"]);

    const script = await cli(["deployment", "variable", "delete", "GONE", "--deployment-name", "etl"]);
    expect(script.code).toBe(2);
    expect(script.stderr).toContain("without --yes");

    const declined = await cli(["deployment", "variable", "delete", "GONE", "--deployment-name", "etl"], {
      terminal: scriptedTerminal(false),
    });
    expect(declined.code).toBe(1);
    expect(await db.environmentVariable.count({ where: { scopeId: etl.id, key: "GONE" } })).toBe(1);

    const deleteGone = [...onDeployment("etl", "variable", "delete"), "--key", "GONE", "--yes"];
    const deleted = await cli(deleteGone);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain("Deleted environment variable GONE of deployment “etl”");
    expect(await db.environmentVariable.count({ where: { scopeId: etl.id, key: "GONE" } })).toBe(0);

    const again = await cli(deleteGone);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("HTTP 404");
  });
});

describe(".env files: list --save and --load", () => {
  const tricky = "a b 'c' \"d\" #e $f \\g\nsecond line";

  it("saves values that read back exactly, secrets written as **** with a comment, mode 0600", async () => {
    const password = canary();
    const deployment = await createDeployment("saved");
    await json(
      [
        "deployment",
        "variable",
        "create",
        "--deployment-id",
        deployment.id,
        "--key",
        "TRICKY",
        "--value-stdin",
      ],
      {
        stdin: tricky,
      },
    );
    await json(
      words(
        `deployment variable create --deployment-id ${deployment.id} SIMPLE=plain LITERAL_MASK=**** EMPTY=`,
      ),
    );
    await json(
      [
        "deployment",
        "variable",
        "create",
        "--deployment-id",
        deployment.id,
        "--key",
        "API_KEY",
        "--secret",
        "--value-stdin",
      ],
      {
        stdin: password,
      },
    );
    const saved = file("saved.env");

    const listed = await cli([
      "deployment",
      "variable",
      "list",
      "--deployment-id",
      deployment.id,
      "--save",
      "--env",
      saved,
    ]);

    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain(`Saved 5 environment variables to ${saved} (1 masked).`);
    expect(listed.stdout).toMatch(/^API_KEY\s+\*\*\*\*\s+yes/m);
    const text = await readFile(saved, "utf8");
    expect(text).toMatch(/^API_KEY=\*\*\*\* # masked: secret, its value is never shown$/m);
    expect(text).toMatch(/^SIMPLE=plain$/m);
    expect(text).toMatch(/^LITERAL_MASK='\*\*\*\*'$/m);
    expect(text).toMatch(/^EMPTY=$/m);
    expect(text).not.toContain(password);
    expect((await stat(saved)).mode & 0o777).toBe(0o600);

    // Loaded into another deployment: every value arrives exactly; the masked secret is skipped.
    const copy = await createDeployment("copy");
    const loaded = await cli([
      "deployment",
      "variable",
      "create",
      "--deployment-id",
      copy.id,
      "--load",
      "--env",
      saved,
      "-o",
      "json",
    ]);
    expect(loaded.code).toBe(0);
    expect(loaded.stderr).toContain(`Skipped 1 masked value (API_KEY): ${saved} does not hold them`);
    const values = new Map(
      (await json(["deployment", "variable", "list", "--deployment-id", copy.id])).map(
        (v: { key: string; value: string }) => [v.key, v.value],
      ),
    );
    expect(Object.fromEntries(values)).toEqual({
      TRICKY: tricky,
      SIMPLE: "plain",
      LITERAL_MASK: "****",
      EMPTY: "",
    });
  });

  it("refuses to replace an existing file unless confirmed", async () => {
    const existing = file("existing.env");
    await writeFile(existing, "MINE=keep\n");

    const refused = await cli([...onDeployment("etl", "variable", "list"), "--save", "--env", existing]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`refusing to replace ${existing} without --yes`);
    expect(await readFile(existing, "utf8")).toBe("MINE=keep\n");

    const replaced = await cli([
      ...onDeployment("etl", "variable", "list"),
      "--save",
      "--env",
      existing,
      "--yes",
    ]);
    expect(replaced.code).toBe(0);
    expect(await readFile(existing, "utf8")).toMatch(/^DB_PASSWORD=\*\*\*\* # masked/m);
  });

  it("update --load replaces values but never a secret with its mask", async () => {
    const password = canary();
    const deployment = await createDeployment("round-trip");
    await json(["deployment", "variable", "create", "--deployment-id", deployment.id, "COLOR=red"]);
    await json(
      [
        "deployment",
        "variable",
        "create",
        "--deployment-id",
        deployment.id,
        "--key",
        "TOKEN",
        "--secret",
        "--value-stdin",
      ],
      {
        stdin: password,
      },
    );
    const saved = file("round-trip.env");
    expect(
      (
        await cli([
          "deployment",
          "variable",
          "list",
          "--deployment-id",
          deployment.id,
          "--save",
          "--env",
          saved,
        ])
      ).code,
    ).toBe(0);
    const before = await storedValue("EnvironmentVariable", deployment.id, "TOKEN");
    await writeFile(
      saved,
      `${(await readFile(saved, "utf8")).replace("COLOR=red", "COLOR=blue")}NEW_ONE=1\n`,
    );

    const loaded = await json(
      words(`deployment variable update --deployment-id ${deployment.id} --load --env ${saved}`),
    );

    expect(loaded.updated.map((v: { key: string; value: string }) => [v.key, v.value])).toEqual([
      ["COLOR", "blue"],
    ]);
    expect(loaded.created.map((v: { key: string }) => v.key)).toEqual(["NEW_ONE"]);
    expect(await storedValue("EnvironmentVariable", deployment.id, "TOKEN")).toEqual(before);

    // A file of masked lines only has nothing to load.
    const onlyMasked = file("only-masked.env");
    await writeFile(onlyMasked, "TOKEN=**** # masked\n");
    const nothing = await cli([
      "deployment",
      "variable",
      "update",
      "--deployment-id",
      deployment.id,
      "--load",
      "--env",
      onlyMasked,
    ]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("has no other variables to load");
    expect(await storedValue("EnvironmentVariable", deployment.id, "TOKEN")).toEqual(before);
  });

  it("a file with a bad line is not loaded at all; every problem is named by its line", async () => {
    const bad = file("bad.env");
    await writeFile(
      bad,
      `# comment\nGOOD_ONE=1\nthis is not a variable\nAIRFLOW__CORE__FERNET_KEY=${canary()}\n`,
    );

    const result = await cli([...onDeployment("etl", "variable", "create"), "--load", "--env", bad]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad} was not loaded; nothing was written:`);
    expect(result.stderr).toContain(`  ${bad}:3: expected KEY=VALUE`);
    expect(result.stderr).toContain(`  ${bad}:4: key: AIRFLOW__CORE__FERNET_KEY is reserved`);
    expect(await db.environmentVariable.count({ where: { scopeId: etl.id, key: "GOOD_ONE" } })).toBe(0);

    const missing = await cli([
      ...onDeployment("etl", "variable", "create"),
      "--load",
      "--env",
      file("none.env"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("ENOENT");
  });
});

describe("skyport workspace variable", () => {
  it("links workspace variables to chosen deployments or all, and each deployment receives them", async () => {
    const linked = await json([
      ...onWorkspace("variable", "create"),
      ...words("SHARED_REGION=eu --link-deployment etl"),
    ]);
    expect(linked).toMatchObject({
      key: "SHARED_REGION",
      value: "eu",
      scope: "WORKSPACE",
      workspaceId,
      deploymentId: null,
      linkAllDeployments: false,
      linkedDeploymentIds: [etl.id],
      organizationId: ada.organizationId,
    });
    const table = await cli(["workspace", "variable", "list"]);
    expect(table.stdout.split("\n")[0]?.split(/\s{2,}/)).toEqual([
      "KEY",
      "VALUE",
      "SECRET",
      "LINKED TO",
      "UPDATED",
    ]);
    expect(table.stdout).toMatch(/^SHARED_REGION\s+eu\s+etl\s/m);

    const toEtl = await json(["deployment", "environment", "etl"]);
    const toReports = await json(["deployment", "environment", "--deployment-id", reports.id]);
    expect(toEtl.delivered.map((o: { name: string }) => o.name)).toContain("SHARED_REGION");
    expect(toReports.delivered.map((o: { name: string }) => o.name)).not.toContain("SHARED_REGION");

    const all = await json([...onWorkspace("variable", "update"), "--key", "SHARED_REGION", "--link-all"]);
    expect(all).toMatchObject({ linkAllDeployments: true });
    const now = await json(["deployment", "environment", "reports"]);
    expect(now.delivered).toContainEqual(
      expect.objectContaining({
        name: "SHARED_REGION",
        scope: "WORKSPACE",
        value: "eu",
        kind: "environmentVariable",
      }),
    );

    const none = await json([...onWorkspace("variable", "update"), "--key", "SHARED_REGION", "--unlink-all"]);
    expect(none).toMatchObject({ linkAllDeployments: false, linkedDeploymentIds: [] });
    const unknown = await cli([
      ...onWorkspace("variable", "update"),
      "--key",
      "SHARED_REGION",
      "--link-deployment",
      "nope",
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no deployment with the id or name “nope”");
  });

  it("creates a secret workspace variable, updates it keeping the value, loads a file, deletes", async () => {
    const secret = canary();
    const created = await json(
      [
        ...onWorkspace("variable", "create"),
        "--workspace-id",
        "Analytics",
        "--key",
        "WS_SECRET",
        "--secret",
        "--value-stdin",
        "--link-all",
      ],
      { stdin: secret },
    );
    expect(created).toMatchObject({ key: "WS_SECRET", value: null, masked: true, linkAllDeployments: true });
    const before = await storedValue("EnvironmentVariable", workspaceId, "WS_SECRET");
    expect(before.value).toBe(secret);

    const relinked = await json([
      ...onWorkspace("variable", "update"),
      ...words(`--key WS_SECRET --link-deployment ${etl.id}`),
    ]);
    expect(relinked).toMatchObject({ linkAllDeployments: false, linkedDeploymentIds: [etl.id] });
    expect(await storedValue("EnvironmentVariable", workspaceId, "WS_SECRET")).toEqual(before);

    const env = file("workspace.env");
    await writeFile(env, "WS_A=1\nWS_B=2\n");
    const loaded = await json([...onWorkspace("variable", "create"), "--load", "--env", env, "--link-all"]);
    expect(loaded.created).toEqual([
      expect.objectContaining({ key: "WS_A", linkAllDeployments: true }),
      expect.objectContaining({ key: "WS_B", linkAllDeployments: true }),
    ]);

    const deleted = await cli([...onWorkspace("variable", "delete"), "WS_SECRET", "--yes"]);
    expect(deleted.code).toBe(0);
    expect(await db.environmentVariable.count({ where: { scopeId: workspaceId, key: "WS_SECRET" } })).toBe(0);
  });

  it("shows what a deployment's own variable overrides", async () => {
    await json([...onWorkspace("variable", "create"), "OVERRIDDEN=workspace", "--link-all"]);
    await json([...onDeployment("etl", "variable", "create"), "OVERRIDDEN=deployment"]);

    const environment = await json(["deployment", "environment", "etl"]);
    expect(environment).toMatchObject({ deploymentId: etl.id, organizationId: ada.organizationId });
    expect(environment.delivered).toContainEqual(
      expect.objectContaining({ name: "OVERRIDDEN", scope: "DEPLOYMENT", value: "deployment" }),
    );
    expect(environment.overridden).toContainEqual(
      expect.objectContaining({ name: "OVERRIDDEN", scope: "WORKSPACE", value: "workspace" }),
    );
    expect(environment.totalBytes).toBeGreaterThan(0);

    const table = await cli(["deployment", "environment", "etl"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]?.split(/\s{2,}/)).toEqual(["NAME", "KIND", "FROM", "SECRET", "VALUE"]);
    expect(table.stdout).toMatch(/^DB_PASSWORD\s+environment variable\s+deployment\s+yes\s+\*\*\*\*$/m);
    expect(table.stdout).toContain("Overridden by the deployment's own (not delivered):");
    expect(table.stdout).toMatch(/^OVERRIDDEN\s+environment variable\s+workspace\s+workspace$/m);
    expect(table.stdout).toMatch(/^Size: [\d.]+ (B|KiB) of 1\.0 MiB/m);

    const neither = await cli(["deployment", "environment"]);
    expect(neither.code).toBe(2);
  });
});

describe("skyport deployment|workspace connection", () => {
  it("creates a connection with a password from stdin and a secret extra field; both are masked", async () => {
    const password = canary();
    const token = canary();
    const extra = file("extra.json");
    await writeFile(extra, JSON.stringify({ sslmode: "require", token }));

    const created = await json(
      [
        ...onDeployment("etl", "connection", "create"),
        "--conn-id",
        "warehouse",
        "--conn-type",
        "postgres",
        "--host",
        "db.example.com",
        "--port",
        "5432",
        "--login",
        "etl",
        "--schema",
        "analytics",
        "--password-stdin",
        "--extra",
        `@${extra}`,
        "--secret-extra-field",
        "token",
        "--description",
        "the warehouse",
      ],
      { stdin: `${password}\n` },
    );

    expect(created).toMatchObject({
      connectionId: "warehouse",
      connType: "postgres",
      host: "db.example.com",
      port: 5432,
      login: "etl",
      schema: "analytics",
      password: null,
      passwordSet: true,
      extra: { sslmode: "require", token: null },
      secretExtraFields: ["token"],
      masked: true,
      organizationId: ada.organizationId,
      deploymentId: etl.id,
    });
    expect(await storedPassword(etl.id, "warehouse")).toBe(password);

    const table = await cli(["deployment", "connection", "list", "--deployment-name", "etl"], { width: 400 });
    expect(table.stdout.split("\n")[0]?.split(/\s{2,}/)).toEqual([
      "CONN ID",
      "TYPE",
      "HOST",
      "PORT",
      "LOGIN",
      "SCHEMA",
      "PASSWORD",
      "EXTRA",
      "DESCRIPTION",
      "UPDATED",
    ]);
    expect(table.stdout).toContain('{"sslmode":"require","token":"****"}');
    expect(table.stdout).toMatch(
      /^warehouse\s+postgres\s+db\.example\.com\s+5432\s+etl\s+analytics\s+\*\*\*\*\s/m,
    );
  });

  it("updates fields keeping the password, removes it with --no-password, and deletes", async () => {
    const password = (await storedPassword(etl.id, "warehouse")) as string;

    const moved = await json([
      ...onDeployment("etl", "connection", "update"),
      "--conn-id",
      "warehouse",
      "--host",
      "db2.example.com",
      "--port",
      "",
    ]);
    expect(moved).toMatchObject({ host: "db2.example.com", port: null, passwordSet: true });
    expect(await storedPassword(etl.id, "warehouse")).toBe(password);

    const typed = canary();
    const terminal = scriptedTerminal(typed);
    const retyped = await cli(
      [...onDeployment("etl", "connection", "update"), "--conn-id", "warehouse", "--password"],
      { terminal },
    );
    expect(retyped.code).toBe(0);
    expect(terminal.asked).toEqual(["Password:"]);
    expect(await storedPassword(etl.id, "warehouse")).toBe(typed);

    const noPrompt = await cli([
      ...onDeployment("etl", "connection", "update"),
      "--conn-id",
      "warehouse",
      "--password",
    ]);
    expect(noPrompt.code).toBe(2);
    expect(noPrompt.stderr).toContain("--password-stdin");

    const removed = await json([
      ...onDeployment("etl", "connection", "update"),
      ...words("--conn-id warehouse --no-password"),
    ]);
    expect(removed).toMatchObject({ passwordSet: false });
    expect(await storedPassword(etl.id, "warehouse")).toBeNull();

    const deleted = await cli([
      ...onDeployment("etl", "connection", "delete"),
      "--conn-id",
      "warehouse",
      "--yes",
    ]);
    expect(deleted.code).toBe(0);
    expect(await db.airflowConnection.count({ where: { scopeId: etl.id, connectionId: "warehouse" } })).toBe(
      0,
    );
  });

  it("takes a URI from a file; a malformed one and malformed --extra are exit 2 without echoing them", async () => {
    const password = canary();
    const uri = file("uri.txt");
    await writeFile(uri, `postgres://loader:${password}@pg.internal:5433/sales?sslmode=require\n`);

    const created = await json([
      ...onDeployment("etl", "connection", "create"),
      "--conn-id",
      "sales",
      "--uri",
      `@${uri}`,
    ]);
    expect(created).toMatchObject({
      connType: "postgres",
      host: "pg.internal",
      port: 5433,
      login: "loader",
      schema: "sales",
      passwordSet: true,
      extra: { sslmode: "require" },
    });
    expect(await storedPassword(etl.id, "sales")).toBe(password);

    const bad = await cli([
      ...onDeployment("etl", "connection", "create"),
      "--conn-id",
      "broken",
      "--uri",
      `not a uri ${canary()}`,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: uri: /);

    const badExtra = await cli([
      ...onDeployment("etl", "connection", "create"),
      "--conn-id",
      "broken",
      "--conn-type",
      "http",
      "--extra",
      `{"token": "${canary()}"`,
    ]);
    expect(badExtra.code).toBe(2);
    expect(badExtra.stderr).toContain("--extra: must be a JSON object");
    expect(await db.airflowConnection.count({ where: { connectionId: "broken" } })).toBe(0);

    const twoStdin = await cli(
      [...onDeployment("etl", "connection", "create"), "--conn-id", "x", "--uri", "@-", "--password-stdin"],
      { stdin: "x" },
    );
    expect(twoStdin.code).toBe(2);
    expect(twoStdin.stderr).toContain("only one of --password-stdin, --uri @- can read stdin");
  });

  it("manages workspace connections with links", async () => {
    const password = canary();
    const created = await json(
      [
        ...onWorkspace("connection", "create"),
        "--conn-id",
        "shared_api",
        "--conn-type",
        "http",
        "--host",
        "api.example.com",
        "--password-stdin",
        "--link-all",
      ],
      { stdin: password },
    );
    expect(created).toMatchObject({
      scope: "WORKSPACE",
      linkAllDeployments: true,
      passwordSet: true,
      deploymentId: null,
    });
    expect(await storedPassword(workspaceId, "shared_api")).toBe(password);

    const delivered = await json(["deployment", "environment", "reports"]);
    expect(delivered.delivered).toContainEqual(
      expect.objectContaining({
        name: "AIRFLOW_CONN_SHARED_API",
        kind: "airflowConnection",
        value: null,
        masked: true,
      }),
    );

    const listed = await cli(["workspace", "connection", "list"], { width: 400 });
    expect(listed.stdout).toMatch(/^shared_api\s+http\s+api\.example\.com\s+\*\*\*\*\s+all deployments\s/m);

    const unlinked = await json([
      ...onWorkspace("connection", "update"),
      ...words("--conn-id shared_api --unlink-all"),
    ]);
    expect(unlinked).toMatchObject({ linkAllDeployments: false, linkedDeploymentIds: [], passwordSet: true });
    expect(await storedPassword(workspaceId, "shared_api")).toBe(password);

    const deleted = await cli([...onWorkspace("connection", "delete"), "--conn-id", "shared_api", "--yes"]);
    expect(deleted.code).toBe(0);
    expect(await db.airflowConnection.count({ where: { scopeId: workspaceId } })).toBe(0);
  });
});

describe("skyport deployment|workspace airflow-variable", () => {
  it("creates, lists, updates (keeping a secret) and deletes a deployment's Airflow variables", async () => {
    const plain = await json([
      ...onDeployment("etl", "airflow-variable", "create"),
      "--key",
      "region",
      "--value",
      "eu-west-1",
      "--description",
      "where to load",
    ]);
    expect(plain).toMatchObject({
      key: "region",
      value: "eu-west-1",
      description: "where to load",
      isSecret: false,
    });

    const secret = canary();
    const hidden = await json(
      [...onDeployment("etl", "airflow-variable", "create"), "--key", "api_key", "--secret", "--value-stdin"],
      { stdin: secret },
    );
    expect(hidden).toMatchObject({ key: "api_key", isSecret: true, value: null, masked: true });

    const table = await cli(["deployment", "airflow-variable", "list", "--deployment-name", "etl"]);
    expect(table.stdout.split("\n")[0]?.split(/\s{2,}/)).toEqual([
      "KEY",
      "VALUE",
      "SECRET",
      "DESCRIPTION",
      "UPDATED",
    ]);
    expect(table.stdout).toMatch(/^api_key\s+\*\*\*\*\s+yes\s/m);
    expect(table.stdout).toMatch(/^region\s+eu-west-1\s+where to load\s/m);

    const before = await storedValue("AirflowVariable", etl.id, "api_key");
    const described = await json([
      ...onDeployment("etl", "airflow-variable", "update"),
      "--key",
      "api_key",
      "--description",
      "the partner API",
    ]);
    expect(described).toMatchObject({ description: "the partner API", value: null, isSecret: true });
    expect(await storedValue("AirflowVariable", etl.id, "api_key")).toEqual(before);

    const revealed = await cli([
      ...onDeployment("etl", "airflow-variable", "update"),
      "--key",
      "api_key",
      "--no-secret",
    ]);
    expect(revealed.code).toBe(2);
    expect(revealed.stderr).toMatch(/^error: (isSecret|value): /);

    const environment = await json(["deployment", "environment", "etl"]);
    expect(environment.delivered).toContainEqual(
      expect.objectContaining({ name: "AIRFLOW_VAR_REGION", kind: "airflowVariable", value: "eu-west-1" }),
    );

    const deleted = await cli([
      ...onDeployment("etl", "airflow-variable", "delete"),
      "--key",
      "api_key",
      "--yes",
    ]);
    expect(deleted.code).toBe(0);
    expect(await db.airflowVariable.count({ where: { scopeId: etl.id, key: "api_key" } })).toBe(0);
  });

  it("manages a workspace's Airflow variables with links", async () => {
    const created = await json([
      ...onWorkspace("airflow-variable", "create"),
      ...words("--key shared_bucket --value s3://data --link-deployment reports"),
    ]);
    expect(created).toMatchObject({
      scope: "WORKSPACE",
      linkedDeploymentIds: [reports.id],
      value: "s3://data",
    });

    const updated = await json([
      ...onWorkspace("airflow-variable", "update"),
      ...words("--key shared_bucket --value s3://lake"),
    ]);
    expect(updated).toMatchObject({ value: "s3://lake", linkedDeploymentIds: [reports.id] });

    const listed = await cli(["workspace", "airflow-variable", "list"]);
    expect(listed.stdout).toMatch(/^shared_bucket\s+s3:\/\/lake\s+reports\s/m);

    const deleted = await cli([
      ...onWorkspace("airflow-variable", "delete"),
      "--key",
      "shared_bucket",
      "--yes",
    ]);
    expect(deleted.code).toBe(0);
    expect(await db.airflowVariable.count({ where: { scopeId: workspaceId, key: "shared_bucket" } })).toBe(0);
  });
});

describe("a workspace member's token", () => {
  let member: (argv: string[], options?: CliOptions) => Promise<CliRun>;

  beforeAll(async () => {
    const minted = await cli([
      "token",
      "create",
      "--name",
      "viewer",
      "--scope",
      "workspace",
      "--role",
      "WORKSPACE_MEMBER",
      "-o",
      "json",
    ]);
    expect(minted.code).toBe(0);
    const token = minted.json().token as string;
    const ci = await CliUser.create(server.url);
    member = (argv, options = {}) =>
      cli(argv, { ...options, env: { ...options.env, SKYPORT_API_TOKEN: token } }, ci);
  });

  it("lists names only: every value masked, in tables, JSON and a saved file", async () => {
    const listed = await member(["deployment", "variable", "list", "--deployment-id", etl.id, "-o", "json"]);
    expect(listed.code).toBe(0);
    const variables = listed.json() as Array<{ key: string; value: string | null; masked: boolean }>;
    expect(variables.map((v) => v.key)).toEqual(expect.arrayContaining(["PLAIN", "DB_PASSWORD"]));
    expect(variables.every((v) => v.value === null && v.masked)).toBe(true);

    const table = await member(["deployment", "variable", "list", "--deployment-name", "etl"]);
    expect(table.stdout).toMatch(/^PLAIN\s+\*\*\*\*\s{2,}\d{4}-/m);
    expect(table.stdout).not.toContain("hello");

    const saved = file("member.env");
    expect(
      (await member(["deployment", "variable", "list", "--deployment-id", etl.id, "--save", "--env", saved]))
        .code,
    ).toBe(0);
    const text = await readFile(saved, "utf8");
    expect(text).toMatch(/^PLAIN=\*\*\*\* # masked: its value is not shown to you$/m);
    expect(text).not.toContain("hello");

    const connections = await member([
      "deployment",
      "connection",
      "list",
      "--deployment-id",
      etl.id,
      "-o",
      "json",
    ]);
    expect(connections.json()).toContainEqual(
      expect.objectContaining({ connectionId: "sales", host: null, login: null, extra: null }),
    );
    const workspaceVariables = await member([...onWorkspace("variable", "list"), "-o", "json"]);
    expect(workspaceVariables.json().every((v: { value: string | null }) => v.value === null)).toBe(true);
  });

  // Each argv is built when its case runs (the deployment exists only after beforeAll).
  it.each<{ action: string; argv: () => string[]; refusedWith?: string; after?: () => Promise<void> }>([
    {
      action: "create",
      argv: () => [
        "deployment",
        "variable",
        "create",
        "--deployment-id",
        etl.id,
        "--key",
        "NOPE",
        "--value",
        canary(),
      ],
      refusedWith: "HTTP 403 FORBIDDEN",
      after: async () => {
        expect(await db.environmentVariable.count({ where: { key: "NOPE" } })).toBe(0);
      },
    },
    {
      action: "update",
      argv: () => [...onWorkspace("airflow-variable", "update"), "--key", "nothing", "--value", canary()],
      refusedWith: "HTTP 403 FORBIDDEN",
    },
    {
      action: "delete",
      argv: () => ["deployment", "variable", "delete", "PLAIN", "--deployment-id", etl.id, "--yes"],
      after: async () => {
        expect(await db.environmentVariable.count({ where: { scopeId: etl.id, key: "PLAIN" } })).toBe(1);
      },
    },
  ])("cannot $action: exit 1 with the server's reason", async ({ argv, refusedWith, after }) => {
    const refused = await member(argv());
    expect(refused.code).toBe(1);
    if (refusedWith) expect(refused.stderr).toContain(refusedWith);
    await after?.();
  });
});

describe("secrets in the CLI's output", () => {
  it("no secret planted above appears in anything the CLI printed", () => {
    const leaks = outputs.flatMap(({ argv, text }) =>
      canaries
        .filter((value) => text.includes(value))
        .map((value) => `${value} in the output of ${argv.join(" ")}`),
    );
    expect(canaries.length).toBeGreaterThan(10);
    expect(outputs.length).toBeGreaterThan(50);
    expect(leaks).toEqual([]);
  });
});
