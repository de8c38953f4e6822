// schemathesis (Python) for fuzzing the REST API from its served OpenAPI document: a pinned
// version in a cached virtual environment (never in the repository), installed with uv when it
// is on PATH, else with pip. A marker file records what was installed, so later calls return
// at once.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { settings } from "../airflow/airflow.ts";
import { toolLog } from "../cached-tools.ts";
import { installPythonTool } from "../python-venv.ts";

export const SCHEMATHESIS_VERSION = "4.32.5";
export const SCHEMATHESIS_INSTALL_HINT = "npm run schemathesis:install";
const MARKER = "skyport-schemathesis.json";
const execFileAsync = promisify(execFile);
/** Bumped when what `ensureSchemathesis` puts into the environment changes. */
const SETUP_REVISION = 2;

/**
 * CPython before 3.11.8 (gh-106905) can raise `SystemError: AST constructor recursion depth
 * mismatch` from `ast.parse` deep in a call stack, which Hypothesis does when it describes a
 * lambda in schemathesis' strategies for deeply nested schemas: the run then reports a tool
 * error for that operation without sending a request. Loaded at interpreter start (a .pth
 * line), this turns that error into the SyntaxError Hypothesis already falls back on (a lambda
 * described as `<unknown>`).
 */
const AST_WORKAROUND = `import ast

_parse = ast.parse


def parse(source, *args, **kwargs):
    try:
        return _parse(source, *args, **kwargs)
    except SystemError as error:
        raise SyntaxError(str(error)) from error


ast.parse = parse
`;

export function schemathesisVenv(cacheDir = settings().cacheDir): string {
  return path.join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
}

/** The `schemathesis` command of the cached environment, or undefined when it is not installed. */
export function findSchemathesis(): string | undefined {
  const venv = schemathesisVenv();
  const marker = path.join(venv, MARKER);
  if (!existsSync(marker)) return undefined;
  const installed = JSON.parse(readFileSync(marker, "utf8")) as { version?: string; revision?: number };
  return installed.version === SCHEMATHESIS_VERSION && installed.revision === SETUP_REVISION
    ? path.join(venv, "bin", "schemathesis")
    : undefined;
}

/**
 * The schemathesis command, installing it when missing (seconds with uv, about 30 s with pip).
 * The marker is written last: an environment without it (an interrupted install) is rebuilt.
 */
export async function ensureSchemathesis(log = toolLog("schemathesis")): Promise<string> {
  const found = findSchemathesis();
  if (found) return found;
  const venv = schemathesisVenv();
  const started = Date.now();
  const venvPython = await installPythonTool("schemathesis", SCHEMATHESIS_VERSION, venv, log);
  const sitePackages = spawnSync(
    venvPython,
    ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
    {
      encoding: "utf8",
    },
  ).stdout.trim();
  writeFileSync(path.join(sitePackages, "skyport_ast_workaround.py"), AST_WORKAROUND);
  writeFileSync(path.join(sitePackages, "skyport_ast_workaround.pth"), "import skyport_ast_workaround\n");
  writeFileSync(
    path.join(venv, MARKER),
    JSON.stringify({ version: SCHEMATHESIS_VERSION, revision: SETUP_REVISION }),
  );
  log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return path.join(venv, "bin", "schemathesis");
}

/** What `runSchemathesis` reports: schemathesis' JSON run report, in the fields we read. */
export interface SchemathesisReport {
  exit_code: number;
  stop_reason: string;
  operations: { total: number; selected: number; tested: number; errored: number };
  phases: Record<string, { status: string }>;
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: Array<{ code: string; title: string; count: number; operations: string[] }>;
  errors: Array<{ title: string; count: number }>;
}

/** One OpenAPI link the stateful phase followed (logged by skyport_hooks.py). */
export interface FollowedLink {
  link: string;
  from: string | null;
  to: string;
  status: number;
  /** Why a 404 of this step was not a lost resource (deleted earlier, an idempotent replay, …). */
  excused?: string;
}

export interface SchemathesisRun {
  report: SchemathesisReport;
  /** The stateful phase's scenarios and links covered, from its console summary (when it ran). */
  stateful?: { scenarios: number; linksCovered: number; linksSelected: number };
  /** Every link a stateful step followed, with the answer it got. */
  linksFollowed: FollowedLink[];
  /** The console output (failures with a curl line to reproduce each). */
  output: string;
  exitCode: number;
}

export interface SchemathesisOptions {
  /** Where the OpenAPI document is served. */
  schemaUrl: string;
  /** Sent as `Authorization: Bearer <token>` with every request. */
  token: string;
  checks: readonly string[];
  /** Values for path/query parameters by name (ids of a real organization, workspace, …). */
  parameters?: Readonly<Record<string, string>>;
  /** operationIds left out. */
  excludeOperationIds?: readonly string[];
  /** Operations (by tag) that authenticate with another token. */
  tagOverrides?: ReadonlyArray<{ tag: string; token: string }>;
  maxExamples: number;
  maxTimeSeconds: number;
  workers?: number;
  seed?: number;
  reportDir: string;
  /** The undeclared methods the coverage phase sends to every path (expecting 405); schemathesis's
   * default list when unset. */
  unexpectedMethods?: string[];
  /** The phases to run (schemathesis's --phases); all of them when unset. */
  phases?: string[];
  /** The stateful phase's generation mode (`phases.stateful.generation.mode`): schemathesis sends
   * valid and invalid inputs ("all") when unset. */
  statefulMode?: "positive" | "negative" | "all";
  /** Most steps in one stateful scenario (`phases.stateful.max-steps`; schemathesis's default is 6). */
  statefulMaxSteps?: number;
}

/** Runs `schemathesis run` against a served API and returns its JSON report. */
export async function runSchemathesis(options: SchemathesisOptions): Promise<SchemathesisRun> {
  const command = await ensureSchemathesis();
  // Headers, parameters and per-operation settings go through a config file (a --header on the
  // command line would override the per-operation ones).
  const config = path.join(options.reportDir, "schemathesis.toml");
  writeFileSync(config, configFile(options));
  const reportPath = path.join(options.reportDir, "report.json");
  const linksLog = path.join(options.reportDir, "links.ndjson");
  const args = [
    "--config-file",
    config,
    "run",
    options.schemaUrl,
    ...["--checks", options.checks.join(",")],
    ...["--max-examples", String(options.maxExamples)],
    ...["--max-time", String(options.maxTimeSeconds)],
    ...["--workers", String(options.workers ?? 1)],
    ...(options.seed === undefined ? [] : ["--seed", String(options.seed)]),
    ...(options.phases ? ["--phases", options.phases.join(",")] : []),
    ...(options.excludeOperationIds ?? []).flatMap((id) => ["--exclude-operation-id", id]),
    ...["--report", "json", "--report-json-path", reportPath],
  ];
  const { exitCode, output } = await execFileAsync(command, args, {
    cwd: options.reportDir,
    env: {
      ...process.env,
      NO_COLOR: "1",
      SCHEMATHESIS_TELEMETRY: "false",
      // Skyport's own check for the stateful phase (`linked_resource_available`), which also logs
      // every link followed.
      PYTHONPATH: HOOKS_DIR,
      PYTHONDONTWRITEBYTECODE: "1",
      SCHEMATHESIS_HOOKS: "skyport_hooks",
      SKYPORT_SCHEMATHESIS_LINKS_LOG: linksLog,
    },
    maxBuffer: 256 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ exitCode: 0, output: stdout + stderr }),
    // Exiting non-zero (failures found) is an answer, not an error: the report says why.
    (error: { code?: number | string; stdout?: string; stderr?: string }) => ({
      exitCode: typeof error.code === "number" ? error.code : 1,
      output: `${error.stdout ?? ""}${error.stderr ?? ""}`,
    }),
  );
  if (!existsSync(reportPath)) throw new Error(`schemathesis wrote no report (exit ${exitCode}):\n${output}`);
  const linksFollowed = existsSync(linksLog)
    ? readFileSync(linksLog, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as FollowedLink)
    : [];
  return {
    report: JSON.parse(readFileSync(reportPath, "utf8")) as SchemathesisReport,
    stateful: statefulSummary(output),
    linksFollowed,
    output,
    exitCode,
  };
}

/** The stateful phase's block of the console output ("Scenarios: 160", "API Links: 22 covered / 90
 * selected / 90 total"): the JSON report of schemathesis 4.32.5 has no stateful numbers. */
function statefulSummary(output: string): SchemathesisRun["stateful"] {
  const scenarios = /^\s*Scenarios:\s+(\d+)/m.exec(output);
  const links = /^\s*API Links:\s+(\d+) covered \/ (\d+) selected/m.exec(output);
  if (!scenarios || !links) return undefined;
  return { scenarios: Number(scenarios[1]), linksCovered: Number(links[1]), linksSelected: Number(links[2]) };
}

const toml = (value: string) => JSON.stringify(value);
const HOOKS_DIR = path.dirname(fileURLToPath(import.meta.url));

function configFile(options: SchemathesisOptions): string {
  const lines = [
    `headers = { Authorization = ${toml(`Bearer ${options.token}`)} }`,
    "",
    // The stateful phase follows only the links the document declares. schemathesis otherwise
    // infers about 12,000 more from our schemas, and its state machine then runs no scenario
    // within the budget: the phase ends "no checks ran", which schemathesis 4.32.5 keeps as the
    // phase's skip reason into the next cycle, so that cycle's first scenario stops the CLI with
    // `assert self.stateful_tests_manager is not None`.
    "[phases.stateful.inference]",
    "algorithms = []",
    "",
  ];
  if (options.statefulMaxSteps !== undefined)
    lines.push("[phases.stateful]", `max-steps = ${options.statefulMaxSteps}`, "");
  if (options.statefulMode)
    lines.push("[phases.stateful.generation]", `mode = ${toml(options.statefulMode)}`, "");
  lines.push("[parameters]");
  for (const [name, value] of Object.entries(options.parameters ?? {}))
    lines.push(`${toml(name)} = ${toml(value)}`);
  if (options.unexpectedMethods) {
    lines.push(
      "",
      "[phases.coverage]",
      `unexpected-methods = [${options.unexpectedMethods.map(toml).join(", ")}]`,
    );
  }
  for (const override of options.tagOverrides ?? []) {
    lines.push("", "[[operations]]", `include-tag = ${toml(override.tag)}`);
    lines.push(`headers = { Authorization = ${toml(`Bearer ${override.token}`)} }`);
  }
  return `${lines.join("\n")}\n`;
}
