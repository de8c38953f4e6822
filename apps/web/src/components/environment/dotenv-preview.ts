// The preview of a .env import: what each line becomes, read by the domain's own .env parser (the
// same code the import procedure runs, so the preview cannot disagree with it about syntax), and
// the server's answer to an import mapped back onto those lines (`lines.<n>`, `lines.<n>.key`,
// `lines.<n>.value`). Names, reserved names and keys that already exist are only known to the
// server; they show up on their lines after an import attempt, which writes nothing unless every
// line is good.
import { parseDotenv } from "@skyport/domain/dotenv";

// Parser and server messages start in lower case to compose into sentences; shown alone they start one.
function capitalised(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export interface PreviewLine {
  /** 1-based line the entry (or the problem) starts on. */
  line: number;
  /** null for a line that is no KEY=VALUE at all. */
  key: string | null;
  value: string | null;
  problems: string[];
}

export interface DotenvPreview {
  lines: PreviewLine[];
  /** Variables the file sets. */
  entryCount: number;
  /** Lines with a syntax problem. */
  problemCount: number;
}

export function previewDotenv(text: string): DotenvPreview {
  const { entries, problems } = parseDotenv(text);
  const lines: PreviewLine[] = [
    ...entries.map((entry) => ({ line: entry.line, key: entry.key, value: entry.value, problems: [] })),
    ...problems.map((problem) => ({
      line: problem.line,
      key: null,
      value: null,
      problems: [capitalised(problem.message)],
    })),
  ].sort((a, b) => a.line - b.line);
  return { lines, entryCount: entries.length, problemCount: problems.length };
}

interface ErrorWithFields {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null;
}

const LINE_FIELD = /^lines\.(\d+)(?:\.(key|value))?$/;

function bare(field: string, message: string): string {
  return capitalised(message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);
}

/**
 * Splits an import error into problems per line (prefixed "Name:" or "Value:" where the server
 * named the part) and the rest, for above the form (`text`, options, links, or a plain message).
 */
export function importProblems(error: ErrorWithFields | null | undefined): {
  byLine: Map<number, string[]>;
  other: Array<{ field: string | null; message: string }>;
} {
  const byLine = new Map<number, string[]>();
  const other: Array<{ field: string | null; message: string }> = [];
  if (!error) return { byLine, other };
  const fieldErrors = Object.entries(error.data?.fieldErrors ?? {}).filter(
    (entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0,
  );
  if (fieldErrors.length === 0) return { byLine, other: [{ field: null, message: error.message }] };
  for (const [field, messages] of fieldErrors) {
    const match = LINE_FIELD.exec(field);
    for (const message of messages) {
      if (!match) {
        other.push({ field, message: bare(field, message) });
        continue;
      }
      const line = Number(match[1]);
      const part = match[2] === "key" ? "Name: " : match[2] === "value" ? "Value: " : "";
      byLine.set(line, [...(byLine.get(line) ?? []), `${part}${bare(field, message)}`]);
    }
  }
  return { byLine, other };
}

/** The preview with the server's problems put on their lines (a line only the server saw is added). */
export function withServerProblems(preview: DotenvPreview, byLine: Map<number, string[]>): PreviewLine[] {
  const lines = preview.lines.map((entry) => {
    const server = byLine.get(entry.line) ?? [];
    // A syntax problem the preview already shows comes back from the server word for word.
    const added = server.filter((message) => !entry.problems.includes(message));
    return added.length ? { ...entry, problems: [...entry.problems, ...added] } : entry;
  });
  const known = new Set(lines.map((entry) => entry.line));
  for (const [line, problems] of byLine) {
    if (!known.has(line)) lines.push({ line, key: null, value: null, problems });
  }
  return lines.sort((a, b) => a.line - b.line);
}
