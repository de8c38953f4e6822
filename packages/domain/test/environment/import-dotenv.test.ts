// The .env parser (line by line, every problem named) and the all-or-nothing import.
import { createEnvironmentVariable, importEnvironmentVariables, parseDotenv } from "@skyport/domain";
import { describe, expect, it } from "vitest";
import {
  as,
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
  writesIn,
} from "./support.ts";

describe("parseDotenv", () => {
  it("reads the common syntax", () => {
    const text = [
      "# database settings",
      "",
      "DB_HOST=db.internal",
      "export DB_PORT = 5432   # default port",
      "  INDENTED=yes",
      "EMPTY=",
      'QUOTED="a b # not a comment"',
      'ESCAPES="line1\\nline2\\t\\"q\\" \\\\ \\x"',
      "LITERAL='$HOME \\n stays'",
      "BACKTICK=`it's fine`",
      "HASH_IN_WORD=pa#ss",
      "URL=postgres://u:p@h/db?x=1",
      'MULTI="first',
      "second",
      'third"',
      "AFTER=done",
    ].join("\r\n");
    expect(parseDotenv(text)).toEqual({
      entries: [
        { line: 3, key: "DB_HOST", value: "db.internal" },
        { line: 4, key: "DB_PORT", value: "5432" },
        { line: 5, key: "INDENTED", value: "yes" },
        { line: 6, key: "EMPTY", value: "" },
        { line: 7, key: "QUOTED", value: "a b # not a comment" },
        { line: 8, key: "ESCAPES", value: 'line1\nline2\t"q" \\ \\x' },
        { line: 9, key: "LITERAL", value: "$HOME \\n stays" },
        { line: 10, key: "BACKTICK", value: "it's fine" },
        { line: 11, key: "HASH_IN_WORD", value: "pa#ss" },
        { line: 12, key: "URL", value: "postgres://u:p@h/db?x=1" },
        { line: 13, key: "MULTI", value: "first\nsecond\nthird" },
        { line: 16, key: "AFTER", value: "done" },
      ],
      problems: [],
    });
  });

  it("names the line of every problem", () => {
    const text = [
      "GOOD=1",
      "no equals sign",
      "=value",
      'Q="x" trailing',
      "GOOD=2",
      'OPEN="never closed',
      "LOST=1",
    ].join("\n");
    expect(parseDotenv(text)).toEqual({
      entries: [{ line: 1, key: "GOOD", value: "1" }],
      problems: [
        { line: 2, message: "expected KEY=VALUE" },
        { line: 3, message: "has no variable name before '='" },
        { line: 4, message: "unexpected text after the closing quote" },
        { line: 5, message: "GOOD is already set on line 1" },
        { line: 6, message: 'the " quote opened here is never closed' },
      ],
    });
  });
});

describe("importEnvironmentVariables", () => {
  it("creates every variable in one change, audited with keys only, and reconciles once", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const secret = canary();
    const result = await importEnvironmentVariables(
      as(world, "workspaceAuthor"),
      { ...onDeployment(world), text: `REGION=eu-west-1\nAPI_TOKEN="${secret}"\n`, isSecret: true },
      services,
    );
    expect(result.created.map((v) => [v.key, v.isSecret, v.value])).toEqual([
      ["REGION", true, null],
      ["API_TOKEN", true, null],
    ]);
    expect(result.updated).toEqual([]);
    expect(await reconciledDeployments(services.producer)).toEqual([world.deploymentId]);
    expect(await delivered(world)).toEqual({
      REGION: "eu-west-1",
      API_TOKEN: secret,
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: world.organizationId, action: "environmentVariable.import" },
    });
    expect(audit.metadata).toMatchObject({ created: ["REGION", "API_TOKEN"], updated: [], writeOnly: true });
    expect(await storedText(db, world.organizationId)).not.toContain(secret);
  });

  it("checks every line and writes nothing when any is wrong", async () => {
    const world = await buildWorld(db);
    const ctx = as(world, "workspaceAuthor");
    await createEnvironmentVariable(
      ctx,
      { ...onDeployment(world), key: "EXISTING", value: "old" },
      freshServices(),
    );
    const before = await writesIn(world.organizationId);
    const text = [
      "FINE=1",
      "AIRFLOW__CORE__FERNET_KEY=abc",
      "not a line",
      "9LIVES=x",
      `HUGE=${"x".repeat(64 * 1024 + 1)}`,
      "EXISTING=new",
    ].join("\n");
    const issues = await validationIssues(() =>
      importEnvironmentVariables(ctx, { ...onDeployment(world), text }, freshServices()),
    );
    expect(issues).toEqual([
      "lines.3: expected KEY=VALUE",
      expect.stringMatching(
        /^lines\.2\.key: AIRFLOW__CORE__FERNET_KEY is reserved: it is a platform-held secret/,
      ),
      "lines.4.key: must be letters, digits and '_', not starting with a digit (e.g. MY_SETTING)",
      "lines.5.value: is 65 KiB; a value may be at most 64 KiB",
      "lines.6.key: EXISTING already exists; import with overwrite to replace its value",
    ]);
    expect(await writesIn(world.organizationId)).toEqual(before);
    expect(
      await validationIssues(() =>
        importEnvironmentVariables(ctx, { ...onDeployment(world), text: "# nothing\n" }, freshServices()),
      ),
    ).toEqual(["text: has no KEY=VALUE lines"]);
  });

  it("replaces existing values with overwrite, keeping a secret variable secret", async () => {
    const world = await buildWorld(db);
    const ctx = as(world, "workspaceAuthor");
    await createEnvironmentVariable(
      ctx,
      { ...onWorkspace(world), key: "TOKEN", value: "old", isSecret: true },
      freshServices(),
    );
    const result = await importEnvironmentVariables(
      ctx,
      { ...onWorkspace(world), text: "TOKEN=new\nNEW_ONE=1", overwrite: true, linkAllDeployments: true },
      freshServices(),
    );
    expect(result.updated.map((v) => [v.key, v.isSecret, v.valueVersion, v.value])).toEqual([
      ["TOKEN", true, 2, null],
    ]);
    expect(result.created.map((v) => [v.key, v.linkAllDeployments, v.value])).toEqual([
      ["NEW_ONE", true, "1"],
    ]);
    // TOKEN kept its links (none), NEW_ONE reaches every deployment.
    expect(result.affectedDeploymentIds).toEqual([world.deploymentId]);
  });
});
