// .env files for `variable list --save` and `variable create|update --load`. The server parses
// an imported file (and reports problems per line); the CLI only writes files the server reads
// back exactly, and keeps masked lines out of an import.
//
// A saved secret (or a value the caller may not see) is written as `KEY=**** # masked …`: the
// file never holds it. Loading such a file must not store "****" over the real secret, so lines
// whose value is the bare mask are left out of the import (blanked, so the server's line numbers
// still match the file) and the stored value is kept.

/** What a masked value is written as. Only the bare, unquoted form means "masked" on load. */
export const MASK = "****";

export interface SavedVariable {
  key: string;
  value: string | null;
  masked: boolean;
  isSecret: boolean;
}

/** Safe unquoted: no spaces, quotes, `#`, `$` or backslashes, which other .env readers treat specially. */
const PLAIN = /^[A-Za-z0-9_./:@%+,=-]+$/;

/** A value as .env text that reads back as exactly the same value. */
export function dotenvValue(value: string): string {
  if (value === "") return "";
  if (PLAIN.test(value) && value !== MASK) return value;
  // Single quotes are literal; a value with a quote or a line break goes in double quotes, escaped.
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r");
  return `"${escaped}"`;
}

export function formatDotenv(variables: readonly SavedVariable[], header: readonly string[]): string {
  const lines = header.map((line) => `# ${line}`);
  for (const variable of variables) {
    if (variable.value === null || variable.masked) {
      const why = variable.isSecret ? "secret, its value is never shown" : "its value is not shown to you";
      lines.push(`${variable.key}=${MASK} # masked: ${why}`);
    } else {
      lines.push(`${variable.key}=${dotenvValue(variable.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export interface MaskedLine {
  line: number;
  key: string;
}

export interface LoadableText {
  /** The file with masked lines blanked. */
  text: string;
  masked: MaskedLine[];
  /** Statements left to import. */
  statements: number;
}

/**
 * Finds the masked statements of a .env file. It follows the same syntax as the server's parser
 * (comments, `export `, quoted values spanning lines) only as far as needed to know where each
 * statement starts and ends; everything else is for the server to judge.
 */
export function withoutMaskedLines(text: string): LoadableText {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const masked: MaskedLine[] = [];
  let statements = 0;
  for (let index = 0; index < lines.length; index++) {
    const trimmed = (lines[index] ?? "").trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const statement = trimmed.replace(/^export\s+/, "");
    const equals = statement.indexOf("=");
    if (equals === -1) {
      statements++;
      continue;
    }
    const key = statement.slice(0, equals).trim();
    const value = statement.slice(equals + 1).replace(/^[ \t]+/, "");
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === "`") {
      statements++;
      index = closingLine(lines, index, value.slice(1), quote);
      continue;
    }
    const comment = value.search(/\s#/);
    if ((comment === -1 ? value : value.slice(0, comment)).trim() === MASK) {
      masked.push({ line: index + 1, key });
      lines[index] = "";
      continue;
    }
    statements++;
  }
  return { text: lines.join("\n"), masked, statements };
}

/** The index of the line a quoted value opened on line `index` closes on (the last line if never). */
function closingLine(lines: readonly string[], index: number, rest: string, quote: string): number {
  let text = rest;
  for (let current = index; ; current++) {
    for (let i = 0; i < text.length; i++) {
      if (quote === '"' && text[i] === "\\") {
        i++;
        continue;
      }
      if (text[i] === quote) return current;
    }
    if (current + 1 >= lines.length) return current;
    text = lines[current + 1] ?? "";
  }
}
