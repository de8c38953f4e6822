// Environment variables as tables and as .env files: `variable list [--save --env FILE]` and the
// `--load --env FILE` of create and update (the server's all-or-nothing .env import).

import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand } from "../../options.ts";
import { type Column, sanitize } from "../../output.ts";
import type { Session } from "../../session.ts";
import { confirmOrRefuse, note, print } from "../shared.ts";
import {
  type EnvironmentVariable,
  environmentPaths,
  type ImportAnswer,
  type LinksInput,
  type Scope,
} from "./api.ts";
import { noteDelivery, type Shown, tableOf, withOrganization } from "./change.ts";
import { formatDotenv, MASK, withoutMaskedLines } from "./dotenv-file.ts";
import { importProblems } from "./import-errors.ts";
import { addOwnerOptions, type Owner, type OwnerFlags, openOwner } from "./owner.ts";

/** The columns of a variable (environment or Airflow): its key and its value (masked as ****). */
export const valueColumns: Column<Shown<EnvironmentVariable>>[] = [
  { header: "Key", value: (v) => v.key },
  { header: "Value", value: (v) => (v.masked ? MASK : v.value), minWidth: 8 },
  { header: "Secret", value: (v) => (v.isSecret ? "yes" : "") },
];

/** Environment variables as a table; `data` is what -o json|yaml prints. */
export const variableRows = tableOf<EnvironmentVariable>(valueColumns);

/** An import's outcome: every variable it wrote, and how many were new. */
export async function printVariables(session: Session, owner: Owner, answer: ImportAnswer): Promise<void> {
  const created = answer.created.map((v) => withOrganization(v, owner));
  const updated = answer.updated.map((v) => withOrganization(v, owner));
  print(session, await variableRows(session, owner, [...created, ...updated], { created, updated }));
  note(
    session,
    `Added ${created.length} and updated ${updated.length} environment variable${created.length + updated.length === 1 ? "" : "s"} of ${owner.label}.`,
  );
  noteDelivery(session, owner, answer);
}

/**
 * Imports a .env file. Masked lines (`KEY=****`, as `list --save` writes secrets) are left out,
 * so the stored secret is kept rather than replaced by the mask.
 */
export async function loadDotenvFile(
  session: Session,
  owner: Owner,
  file: string,
  options: { overwrite: boolean; isSecret: boolean; links: LinksInput },
): Promise<ImportAnswer> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      ExitCode.Usage,
    );
  }
  const loadable = withoutMaskedLines(text);
  if (loadable.masked.length > 0) {
    const keys = loadable.masked.map((m) => m.key).join(", ");
    note(
      session,
      `Skipped ${loadable.masked.length} masked value${loadable.masked.length === 1 ? "" : "s"} (${keys}): ${file} does not hold ` +
        (options.overwrite
          ? "them, so the stored values are kept."
          : "them; add them with `variable create --key KEY --secret`."),
    );
    if (loadable.statements === 0)
      throw new CliError(`${file} has no other variables to load`, ExitCode.Usage);
  }
  return session
    .authenticated()
    .post<ImportAnswer>(environmentPaths.import(owner.path), {
      text: loadable.text,
      isSecret: options.isSecret,
      overwrite: options.overwrite,
      ...options.links,
    })
    .catch((error: unknown) => {
      throw importProblems(error, (line) => `${file}:${line}`, `${file} was not loaded`);
    });
}

interface ListFlags extends OwnerFlags {
  save?: boolean;
  env?: string;
  yes?: boolean;
}

export function registerVariableListCommand(group: Command, scope: Scope, context: CliContext): void {
  const list = defineCommand(group, "list", "list environment variables (secret values masked)", {
    prints: true,
  });
  addOwnerOptions(list, scope)
    .option("--save", "also write them to a .env file (masked values as ****, which --load skips)")
    .option("--env <FILE>", "the file for --save (default: .env)")
    .option("-y, --yes", "replace the --env file if it exists without asking");
  list.action(async (flags: ListFlags, command: Command) => {
    if (flags.env !== undefined && !flags.save)
      throw new CliError("--env names the file for --save", ExitCode.Usage);
    const { session, owner } = await openOwner(context, scope, flags, command);
    const variables = (
      await session
        .authenticated()
        .list<EnvironmentVariable>(environmentPaths.collection(owner.path, "environmentVariable"))
    ).map((v) => withOrganization(v, owner));
    if (flags.save) await saveDotenv(session, owner, variables, flags.env ?? ".env", flags.yes);
    print(session, await variableRows(session, owner, variables));
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Writes the variables as a .env file, mode 0600, replacing it whole (a temporary file renamed)
 * so an interrupted save never leaves half a file. An existing file may hold real secrets the
 * masked copy would replace: it is replaced only when confirmed.
 */
async function saveDotenv(
  session: Session,
  owner: Owner,
  variables: readonly EnvironmentVariable[],
  file: string,
  yes: boolean | undefined,
): Promise<void> {
  if (await exists(file)) {
    await confirmOrRefuse(session, `Replace ${file}? Any secret values in it are replaced by ****.`, {
      yes,
      what: `replace ${file}`,
    });
  }
  const masked = variables.filter((v) => v.masked).length;
  const text = formatDotenv(variables, [
    `Environment variables of ${sanitize(owner.label)}, saved by skyport.`,
    `Lines KEY=${MASK} are masked: this file does not hold those values, and loading it skips them.`,
  ]);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  note(
    session,
    `Saved ${variables.length} environment variable${variables.length === 1 ? "" : "s"} to ${file}` +
      (masked > 0 ? ` (${masked} masked).` : "."),
  );
}
