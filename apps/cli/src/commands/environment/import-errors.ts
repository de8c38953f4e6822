// An import or a bulk update is all or nothing, and the server names each problem by the line of
// the .env text it was sent (`lines.3`, `lines.3.key`, `lines.3.value`) or by the entry of the
// list (`entries.1.key`, whose message names the entry by its key). These turn that back into
// what the user gave: a line of their file, or one of their KEY=VALUE arguments. Messages come
// from the server, which never quotes a value.
import { ApiError } from "../../api/client.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";

const LINE_FIELD = /^lines\.(\d+)(?:\.(key|value))?$/;
const ENTRY_FIELD = /^entries\.(\d+)\.\w+$/;

/**
 * The import's problems, one per line of output, each at `where(line)`; the error as it was when
 * it names no line.
 */
export function importProblems(error: unknown, where: (line: number) => string, intro: string): unknown {
  return problemsByPosition(error, LINE_FIELD, where, intro);
}

/**
 * A bulk update's problems, one per line of output, each at `where(index)` (the entry's index in
 * the list sent); the server's message already names the entry by its key and the field.
 */
export function bulkProblems(error: unknown, where: (index: number) => string, intro: string): unknown {
  return problemsByPosition(error, ENTRY_FIELD, where, intro);
}

function problemsByPosition(
  error: unknown,
  pattern: RegExp,
  where: (position: number) => string,
  intro: string,
): unknown {
  if (!(error instanceof ApiError)) return error;
  const fields = Object.entries(error.fieldErrors);
  if (!fields.some(([field]) => pattern.test(field))) return error;
  const problems: Array<{ line: number; text: string }> = [];
  let exists = false;
  for (const [field, messages] of fields) {
    const match = pattern.exec(field);
    for (const raw of messages) {
      const message = raw.startsWith(`${field}: `) ? raw.slice(field.length + 2) : raw;
      if (message.includes("already exists")) exists = true;
      problems.push(
        match
          ? {
              line: Number(match[1]),
              text: `${where(Number(match[1]))}: ${match[2] ? `${match[2]}: ` : ""}${message}`,
            }
          : { line: 0, text: `${field}: ${message}` },
      );
    }
  }
  // In the order of the file, whatever order the server checked them in.
  problems.sort((a, b) => a.line - b.line);
  const hint = exists ? "\nTo replace existing values, use `update` instead of `create`." : "";
  const code = error.status === 400 || error.status === 422 ? ExitCode.Usage : ExitCode.Failure;
  return new CliError(
    `${intro}; nothing was written:\n${problems.map((p) => `  ${p.text}`).join("\n")}${hint}`,
    code,
  );
}
