// What the canary test plants through the `skyport` CLI binary: a canary in every secret field at
// one scope, given every way the CLI takes a secret (a flag, stdin, KEY=VALUE pairs, a .env file
// with --load, @FILE for a URI or extra), updates, a `list --save` round trip, every read; and
// commands that must fail while carrying canaries.
import { appendFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CanarySet } from "./canaries.ts";
import type { CliResult } from "./cli.ts";
import type { EnvironmentScope } from "./environment-api.ts";
import type { CliRun } from "./recorded-cli.ts";
import type { Transcript } from "./transcript.ts";

export type Skyport = (args: string[], run?: CliRun) => Promise<CliResult>;

export interface CliTarget {
  scope: EnvironmentScope;
  /** The deployment's id (deployment scope) or the workspace's (workspace scope). */
  ownerId: string;
  /** The deployment's id, for `deployment environment`. */
  deploymentId: string;
}

function expectExit(result: CliResult, code: number, what: string): CliResult {
  if (result.code !== code) {
    throw new Error(
      `${what}: expected exit ${code}, got ${result.code}\n--- stderr\n${result.stderr}\n--- stdout\n${result.stdout}`,
    );
  }
  return result;
}

export async function plantThroughCli(
  skyport: Skyport,
  target: CliTarget,
  set: CanarySet,
  workDir: string,
  transcript: Transcript,
): Promise<void> {
  const { scope } = target;
  const tag = `CLI ${scope}`;
  const prefix = `CLI_${scope}`.toUpperCase();
  const id = prefix.toLowerCase();
  const plant = (field: string, delivered = true) => set.plant(`${tag}: ${field}`, { delivered });
  const owner =
    scope === "deployment" ? ["--deployment-id", target.ownerId] : ["--workspace-id", target.ownerId];
  const links = scope === "workspace" ? ["--link-all"] : [];
  const ok = async (args: string[], what: string, run?: CliRun) =>
    expectExit(await skyport([scope, ...args, ...owner], run), 0, `${tag}: ${what}`);

  // Environment variables: a flag, stdin, KEY=VALUE pairs, a .env file; then changed.
  await ok(
    [
      "variable",
      "create",
      "--key",
      `${prefix}_FLAG_SECRET`,
      "--value",
      plant("secret variable from --value, before its update", false),
      "--secret",
      ...links,
    ],
    "variable create --value --secret",
  );
  await ok(
    ["variable", "create", "--key", `${prefix}_STDIN_SECRET`, "--value-stdin", "--secret", ...links],
    "variable create --value-stdin --secret",
    { stdin: plant("secret variable from stdin, before its update", false) },
  );
  await ok(
    [
      "variable",
      "create",
      `${prefix}_PAIR_A=${plant("secret variable from a KEY=VALUE pair")}`,
      `${prefix}_PAIR_B=${plant("second secret variable from a KEY=VALUE pair")}`,
      "--secret",
      ...links,
    ],
    "variable create KEY=VALUE ... --secret",
  );
  const envFile = path.join(workDir, `${scope}.env`);
  await writeFile(
    envFile,
    `# secrets\n${prefix}_LOADED_TOKEN=${plant("secret variable from .env --load")}\n${prefix}_LOADED_PLAIN=plain\n`,
  );
  await ok(
    ["variable", "create", "--load", "--env", envFile, "--secret", ...links],
    "variable create --load --secret",
  );
  await ok(
    [
      "variable",
      "update",
      "--key",
      `${prefix}_FLAG_SECRET`,
      "--value",
      plant("secret variable after --value update"),
    ],
    "variable update --value",
  );
  await ok(
    ["variable", "update", "--key", `${prefix}_STDIN_SECRET`, "--value-stdin"],
    "variable update --value-stdin",
    {
      stdin: plant("secret variable after --value-stdin update"),
    },
  );
  // The saved file is output too: its secrets must be masked; loading it back keeps them.
  const savedFile = path.join(workDir, `saved-${scope}.env`);
  await ok(["variable", "list", "--save", "--env", savedFile, "--yes"], "variable list --save");
  transcript.record(`CLI variable list --save file (${scope})`, await readFile(savedFile, "utf8"));
  // A person edits the saved file (adds a plain line) and loads it back: masked lines are skipped.
  await appendFile(savedFile, `${prefix}_ADDED_AFTER_SAVE=plain\n`);
  await ok(["variable", "update", "--load", "--env", savedFile], "variable update --load of the saved file");

  // Connections: fields with a password flag and a secret extra from @FILE; a URI from @FILE whose
  // password then changes through stdin.
  const extraFile = path.join(workDir, `${scope}-extra.json`);
  await writeFile(
    extraFile,
    JSON.stringify({ sslmode: "require", private_key: plant("secret connection extra field from @FILE") }),
  );
  await ok(
    [
      "connection",
      "create",
      "--conn-id",
      `${id}_warehouse`,
      "--conn-type",
      "postgres",
      "--host",
      "db.internal",
      "--port",
      "5432",
      "--login",
      "etl",
      "--password",
      plant("connection password from --password"),
      "--schema",
      "analytics",
      "--extra",
      `@${extraFile}`,
      "--secret-extra-field",
      "private_key",
      ...links,
    ],
    "connection create from fields",
  );
  const uriFile = path.join(workDir, `${scope}-uri.txt`);
  await writeFile(
    uriFile,
    `mysql://loader:${plant("URI connection password from @FILE, before its update", false)}@lake.internal:3306/raw`,
  );
  await ok(
    ["connection", "create", "--conn-id", `${id}_lake`, "--uri", `@${uriFile}`, ...links],
    "connection create --uri @FILE",
  );
  await ok(
    ["connection", "update", "--conn-id", `${id}_lake`, "--password-stdin"],
    "connection update --password-stdin",
    {
      stdin: plant("connection password from --password-stdin update"),
    },
  );

  // Airflow variables: from stdin and from a flag.
  await ok(
    [
      "airflow-variable",
      "create",
      "--key",
      `${id}_partner_api_key`,
      "--value-stdin",
      "--secret",
      "--description",
      "Partner API key",
      ...links,
    ],
    "airflow-variable create --value-stdin --secret",
    { stdin: plant("secret Airflow variable from stdin") },
  );
  await ok(
    [
      "airflow-variable",
      "create",
      "--key",
      `${id}_flag_key`,
      "--value",
      plant("secret Airflow variable from --value"),
      "--secret",
      ...links,
    ],
    "airflow-variable create --value --secret",
  );
  await ok(
    [
      "airflow-variable",
      "update",
      "--key",
      `${id}_partner_api_key`,
      "--description",
      "Partner API key (yearly)",
    ],
    "airflow-variable update --description (the value kept)",
  );

  // Every read, as a table and as JSON/YAML.
  for (const group of ["variable", "connection", "airflow-variable"]) {
    await ok([group, "list"], `${group} list`);
    await ok([group, "list", "-o", "json"], `${group} list -o json`);
    await ok([group, "list", "-o", "yaml"], `${group} list -o yaml`);
  }
  expectExit(
    await skyport(["deployment", "environment", target.deploymentId]),
    0,
    `${tag}: deployment environment`,
  );
  expectExit(
    await skyport(["deployment", "environment", target.deploymentId, "-o", "json"]),
    0,
    `${tag}: deployment environment -o json`,
  );
}

/** CLI commands that must fail, each carrying a canary in a secret; none may echo it. */
export async function plantInCliErrors(
  skyport: Skyport,
  deploymentId: string,
  set: CanarySet,
  workDir: string,
  memberToken: string,
): Promise<void> {
  const plant = (what: string) => set.plant(`CLI error: ${what}`, { delivered: false });
  const refused = async (args: string[], code: number, what: string, run?: CliRun) =>
    expectExit(
      await skyport(["deployment", ...args, "--deployment-id", deploymentId], run),
      code,
      `CLI error: ${what}`,
    );

  await refused(
    [
      "variable",
      "create",
      "--key",
      "AIRFLOW__CORE__FERNET_KEY",
      "--value",
      plant("reserved name"),
      "--secret",
    ],
    2,
    "reserved name",
  );
  await refused(
    ["variable", "create", `CLI-BAD-NAME=${plant("invalid name in a KEY=VALUE pair")}`, "--secret"],
    2,
    "invalid name",
  );
  const badEnv = path.join(workDir, "bad.env");
  await writeFile(
    badEnv,
    [
      "CLI_GOOD=1",
      `not an assignment ${plant(".env line without '='")}`,
      `AIRFLOW__CORE__FERNET_KEY=${plant(".env line with a reserved name")}`,
      `CLI_UNCLOSED="${plant(".env line with an unclosed quote")}`,
    ].join("\n"),
  );
  await refused(
    ["variable", "create", "--load", "--env", badEnv, "--secret"],
    2,
    ".env --load with bad lines",
  );
  await refused(
    [
      "connection",
      "create",
      "--conn-id",
      "not an id!",
      "--conn-type",
      "postgres",
      "--port",
      "70000",
      "--password",
      plant("invalid connection's password"),
    ],
    2,
    "invalid connection",
  );
  await refused(
    [
      "connection",
      "create",
      "--conn-id",
      "cli_hash_uri",
      "--uri",
      `postgres://etl:${plant("URI password with '#'")}#x@db.internal:5432/a`,
    ],
    2,
    "URI with '#'",
  );
  await refused(
    [
      "connection",
      "create",
      "--conn-id",
      "cli_bad_extra",
      "--conn-type",
      "http",
      "--extra",
      `{"private_key": ${plant("malformed --extra JSON")}}`,
    ],
    2,
    "malformed --extra JSON",
  );
  await refused(
    ["variable", "create", "--key", "CLI_MEMBER_SECRET", "--value-stdin", "--secret"],
    1,
    "a WORKSPACE_MEMBER creating a secret",
    { stdin: plant("WORKSPACE_MEMBER's refused create"), env: { SKYPORT_API_TOKEN: memberToken } },
  );
}
