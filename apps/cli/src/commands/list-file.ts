// The files `… export` prints and `… apply -f` reads (alert rules, status reports): a YAML
// mapping holding one list of entries, each matched by its name. This only checks the file's
// shape and names the field as the file spells it (`rules[2].channels`); the server validates
// the values.
import type { Command } from "commander";
import type { ApiClient } from "../api/client.ts";
import type { CliContext } from "../context.ts";
import type { CliError } from "../exit-codes.ts";
import { defineCommand } from "../options.ts";
import type { Column } from "../output.ts";
import { Session } from "../session.ts";
import { parseYamlFile, readFileOrStdin } from "./deployment/deployment-file.ts";
import { note, print } from "./shared.ts";

export interface ListFileShape {
  /** The top-level key holding the list: `rules`, `reports`. */
  key: string;
  /** One entry in the user's words, with its article: "an alert rule". */
  entry: string;
  /** Entries in the user's words: "alert rules". */
  entries: string;
  /** The file in the user's words, with its article: "an alerts file". */
  file: string;
  /** The command that prints such a file, for the hint when the list is missing. */
  exportedBy: string;
  /** Every field an entry may have. */
  fields: readonly string[];
  /** The field entries are matched by; unique in the file. */
  nameField: string;
  /** Why the name is unique, ending the duplicate-name error. */
  uniqueBecause: string;
}

/** One entry of the list, with readers that name its fields as the file spells them. */
export interface ListFileEntry {
  raw: Record<string, unknown>;
  /** `rules[0]`: how errors address this entry. */
  at: string;
  name: string;
  fail(message: string): CliError;
  /** A non-empty text (trimmed); undefined when absent unless required. */
  text(key: string, required?: boolean): string | undefined;
  /** A list of texts (absent: empty). */
  texts(key: string, what: string): string[];
  /** A list of mappings (absent: empty). */
  mappings(key: string, what: string): Record<string, unknown>[];
  /** A mapping (absent: undefined). */
  mapping(key: string): Record<string, unknown> | undefined;
  /** true or false (absent: undefined). */
  flag(key: string): boolean | undefined;
}

async function readListFile(
  path: string,
  readStdin: () => Promise<string>,
  shape: ListFileShape,
): Promise<ListFileEntry[]> {
  const { text, source } = await readFileOrStdin(path, readStdin, "-f");
  return parseListFile(text, source, shape);
}

export function parseListFile(text: string, source: string, shape: ListFileShape): ListFileEntry[] {
  const { parsed, fail } = parseYamlFile(text, source);
  const list = isRecord(parsed) ? parsed[shape.key] : undefined;
  if (!isRecord(parsed) || !Array.isArray(list))
    throw fail(`must hold \`${shape.key}:\`, a list of ${shape.entries} (as \`${shape.exportedBy}\` prints)`);
  const unknownTop = Object.keys(parsed).filter((key) => key !== shape.key);
  if (unknownTop.length > 0)
    throw fail(`${unknownTop.join(", ")}: not a field of ${shape.file} (it has ${shape.key})`);
  const fields = new Set(shape.fields);
  const seen = new Set<string>();
  return list.map((raw: unknown, index: number) => {
    const at = `${shape.key}[${index}]`;
    if (!isRecord(raw)) throw fail(`${at}: must be a mapping with ${shape.nameField}`);
    const unknown = Object.keys(raw).filter((key) => !fields.has(key));
    if (unknown.length > 0)
      throw fail(`${at}.${unknown[0]}: not a field of ${shape.entry} (${shape.fields.join(", ")})`);
    const entry = entryOf(raw, at, fail);
    const name = entry.text(shape.nameField, true) as string;
    if (seen.has(name))
      throw fail(`${at}.${shape.nameField}: "${name}" appears twice; ${shape.uniqueBecause}`);
    seen.add(name);
    return { ...entry, name };
  });
}

function entryOf(
  raw: Record<string, unknown>,
  at: string,
  failFile: (message: string) => CliError,
): Omit<ListFileEntry, "name"> {
  const fail = (message: string) => failFile(`${at}.${message}`);
  return {
    raw,
    at,
    fail,
    text(key, required = false) {
      const value = raw[key];
      if (value === undefined || value === null) {
        if (required) throw fail(`${key}: is required`);
        return undefined;
      }
      if (typeof value !== "string" || value.trim() === "") throw fail(`${key}: must be text`);
      return value.trim();
    },
    texts(key, what) {
      const value = raw[key];
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value) || value.some((item) => typeof item !== "string"))
        throw fail(`${key}: must be a list of ${what}`);
      return value as string[];
    },
    mappings(key, what) {
      const value = raw[key];
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value)) throw fail(`${key}: must be a list`);
      value.forEach((item, index) => {
        if (!isRecord(item)) throw fail(`${key}[${index}]: must be a mapping (${what})`);
      });
      return value as Record<string, unknown>[];
    },
    mapping(key) {
      const value = raw[key];
      if (value === undefined || value === null) return undefined;
      if (!isRecord(value)) throw fail(`${key}: must be a mapping`);
      return value;
    },
    flag(key) {
      const value = raw[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== "boolean") throw fail(`${key}: must be true or false`);
      return value;
    },
  };
}

/** A file names what an entry refers to (deployments, channels) where the API has ids. */
export interface NamesById {
  deployment(id: string): string;
  channel(id: string): string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys: equal settings compare equal whatever order they were written in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** What an apply works with: the file's entries, read and shape-checked, and the signed-in workspace. */
export interface ApplyRun<Entry> {
  entries: Entry[];
  /** How errors name the file: its path, or stdin. */
  source: string;
  dryRun: boolean;
  session: Session;
  client: ApiClient;
  organizationId: string;
  workspaceId: string;
}

/**
 * `… apply -f FILE [--dry-run]`: reads the file (before signing in, so a broken file fails
 * fast), turns each entry into what the command applies, and hands both to `act`.
 */
export function defineApplyCommand<Entry>(
  group: Command,
  context: CliContext,
  file: { shape: ListFileShape; matchedBy: string; entryOf: (entry: ListFileEntry) => Entry },
  act: (run: ApplyRun<Entry>) => Promise<void>,
): Command {
  const { shape } = file;
  const command = defineCommand(
    group,
    "apply",
    `create or update the ${shape.entries} of ${shape.file} by ${file.matchedBy}, showing the plan first (${shape.entries} not in the file are left alone)`,
    { prints: true },
  )
    .requiredOption("-f, --file <path>", `${shape.file}, as \`${shape.exportedBy}\` prints it (- for stdin)`)
    .option("--dry-run", "show the plan and change nothing");
  return command.action(async (options: { file: string; dryRun?: boolean }) => {
    const entries = (await readListFile(options.file, () => context.io.readStdin(), shape)).map(file.entryOf);
    const session = await Session.open(context, command);
    await act({
      entries,
      source: options.file === "-" ? "stdin" : options.file,
      dryRun: options.dryRun === true,
      session,
      client: session.authenticated(),
      organizationId: await session.organizationId(),
      workspaceId: await session.workspaceId(),
    });
  });
}

export type PlanAction = "create" | "update" | "unchanged";

/** Prints the plan of an apply; true when it was a dry run and nothing more is to be done. */
export function showPlan<Row extends { action: PlanAction }>(
  session: Session,
  dryRun: boolean,
  rows: Row[],
  columns: Column<Row>[],
): boolean {
  print(session, { data: { dryRun, plan: rows }, columns, rows });
  if (dryRun) note(session, "Dry run: nothing was changed.");
  return dryRun;
}

export function noteApplied(session: Session, plan: ReadonlyArray<{ action: PlanAction }>): void {
  const count = (action: PlanAction) => plan.filter((p) => p.action === action).length;
  note(
    session,
    `Applied: ${count("create")} created, ${count("update")} updated, ${count("unchanged")} unchanged.`,
  );
}
