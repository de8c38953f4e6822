// How the CLI names the input fields the server refuses. The server names a field by its path in
// the request body (`spec.workerQueues.0.maxWorkers`); the person typed a flag, an argument or a
// field of a deployment file. This is the one table from one to the other, per command.
import type { Command } from "commander";

/** Server field path (numeric segments written `*`) → the flag or argument that sets it. */
type Words = Readonly<Record<string, string>>;

const DEPLOYMENT_SPEC: Words = {
  description: "--description",
  "spec.runtimeVersion": "--runtime-version",
  "spec.executor": "--executor",
  "spec.schedulerSize": "--scheduler-size",
  "spec.highAvailability": "--high-availability",
  "spec.gitSource": "--git-url",
  "spec.gitSource.url": "--git-url",
  "spec.gitSource.ref": "--git-ref",
  "spec.gitSource.subPath": "--git-sub-path",
  "spec.gitSource.connectionId": "--git-connection",
};

const WORKER_QUEUE: Words = {
  name: "NAME",
  workerSize: "--worker-size",
  minWorkers: "--min-workers",
  maxWorkers: "--max-workers",
  workerConcurrency: "--concurrency",
};

const REPORT: Words = {
  title: "--title",
  description: "--description",
  "schedule.time": "--at",
  "schedule.day": "--on",
  "schedule.cron": "--cron",
  timeZone: "--time-zone",
  sendMode: "--send",
  "checks.*.dagId": "--check",
  "checks.*.taskId": "--check",
  "checks.*.deadline": "--check",
  "checks.*.freshnessMinutes": "--fresh-within",
  "checks.*.deploymentId": "--check",
};

const NAMED: Words = { name: "NAME", description: "--description" };
const RENAMED: Words = { name: "--name", description: "--description" };

export const FIELD_WORDS: Readonly<Record<string, Words>> = {
  signup: {
    email: "--email",
    name: "--name",
    organizationName: "--organization-name",
    password: "the password",
  },
  login: { email: "--email", password: "the password" },
  "organization user invite": { email: "EMAIL", role: "--role" },
  "organization user update": { role: "--role" },
  "workspace create": NAMED,
  "workspace update": RENAMED,
  "workspace user add": { role: "--role" },
  "workspace user update": { role: "--role" },
  "workspace team add": { role: "--role" },
  "workspace team update": { role: "--role" },
  "team create": NAMED,
  "team update": RENAMED,
  "deployment create": { name: "NAME", workspaceId: "--workspace-id", ...DEPLOYMENT_SPEC },
  "deployment update": DEPLOYMENT_SPEC,
  "deployment worker-queue create": WORKER_QUEUE,
  "deployment worker-queue update": WORKER_QUEUE,
  "token create": {
    name: "--name",
    description: "--description",
    scope: "--scope",
    role: "--role",
    workspaceId: "--workspace-id",
    deploymentId: "--deployment-id",
    expiresInDays: "--expires-in",
  },
  "audit-logs export": {
    from: "--from",
    to: "--to",
    action: "--action",
    actorId: "--actor-id",
    actorType: "--actor-type",
    targetId: "--target-id",
    targetType: "--target-type",
  },
  "report create": REPORT,
  "report update": REPORT,
  "report subscribe": { email: "--email" },
};

/** What a field the server refused is called on this command line, and how its message reads. */
export interface FieldProblem {
  words: string;
  message: string;
  /** No words for it here: the server's own name, kept apart from the message by a colon. */
  unnamed?: boolean;
}

/** `deployment worker-queue create` for the command that ran. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) {
    names.unshift(current.name());
  }
  return names.join(" ");
}

function pattern(field: string): string {
  return field.replace(/\.\d+(?=\.|$)/g, ".*");
}

/** `spec.workerQueues.0.maxWorkers` as a deployment file addresses it: `spec.workerQueues[0].maxWorkers`. */
function filePath(field: string): string {
  return field.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/** The option a flag word belongs to, e.g. `--max-workers` → `maxWorkers`, to ask commander whether it was given. */
function optionKey(flag: string): string {
  return flag.replace(/^--(no-)?/, "").replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Names a refused field the way the person typed it: the flag or argument of `command` that
 * sets it; a field of the `--deployment-file` when the value came from the file; else the
 * server's path as it is.
 */
/**
 * The server's message without the server's own name for the field ("spec.runtimeVersion:",
 * "Worker queue 2:", "maxWorkers …"): the CLI names the field its own way.
 */
export function withoutServerName(field: string, said: string): string {
  let text = said.startsWith(`${field}:`) ? said.slice(field.length + 1).trim() : said;
  text = text.replace(/^[A-Z][a-z]+(?: [a-z]+)* \d+:\s*/, "");
  const leaf = field.split(".").at(-1) ?? field;
  if (text.startsWith(`${leaf}:`)) return text.slice(leaf.length + 1).trim();
  if (text.startsWith(`${leaf} `)) return text.slice(leaf.length + 1);
  return text;
}

export function describeField(command: Command | undefined, field: string, said: string): FieldProblem {
  const message = withoutServerName(field, said);
  const words = command ? FIELD_WORDS[commandPath(command)] : undefined;
  const flag = words?.[pattern(field)];
  const file = command?.getOptionValue("deploymentFile") as string | undefined;
  const givenAsFlag =
    flag !== undefined &&
    (!flag.startsWith("--") || command?.getOptionValueSource(optionKey(flag)) === "cli");
  if (file && !givenAsFlag && field !== "name" && field !== "workspaceId") {
    return { words: `${file === "-" ? "stdin" : file}: ${filePath(field)}`, message };
  }
  if (flag === undefined || words === undefined) return { words: field, message, unnamed: true };
  // The message may name other fields of the same request the way the server calls them
  // (`must be at least minWorkers (3)`); those are flags here too.
  let text = message;
  for (const [other, otherWords] of Object.entries(words)) {
    const key = other.split(".").at(-1);
    if (other === pattern(field) || !key || !otherWords.startsWith("--")) continue;
    text = text.replace(new RegExp(`\\b${key}\\b`, "g"), otherWords);
  }
  return { words: flag, message: text };
}

/** One line for a refused field: `--max-workers must be at least --min-workers (3)`. */
export function fieldLine(problem: FieldProblem): string {
  const message = problem.message.startsWith(`${problem.words}:`)
    ? problem.message.slice(problem.words.length + 1).trim()
    : problem.message;
  // A message that continues the field's name reads on; one that is a sentence of its own follows a colon.
  return !problem.unnamed && /^[a-z]/.test(message)
    ? `${problem.words} ${message}`
    : `${problem.words}: ${message}`;
}
