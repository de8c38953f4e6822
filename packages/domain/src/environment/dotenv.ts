// A strict .env parser. The `dotenv` package's parse skips lines it does not understand without a
// word, and an import that silently drops half a file is worse than one that refuses it; this one
// reads the same common syntax and names the line of every problem.
//
//   # comment                     blank lines and comment lines are skipped
//   export KEY=value              an optional `export ` prefix
//   KEY=value # comment           unquoted: trimmed; ` #` (space, then #) starts a comment, a # inside a word does not
//   KEY="a\nb"                    double quotes: \n \r \t \\ \" are escapes; may span lines
//   KEY='literal $x \n'           single quotes (or backticks): taken literally; may span lines
//   KEY=                          an empty value

export interface DotenvEntry {
  /** 1-based line the entry starts on. */
  line: number;
  key: string;
  value: string;
}

export interface DotenvProblem {
  line: number;
  message: string;
}

export interface DotenvParse {
  entries: DotenvEntry[];
  problems: DotenvProblem[];
}

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", '"': '"' };

interface Quoted {
  value: string;
  /** Index of the line the closing quote is on. */
  endLine: number;
  /** What follows the closing quote on that line. */
  rest: string;
}

/** Reads a quoted value starting just after the opening quote at `lines[index]`'s `start`. */
function readQuoted(lines: readonly string[], index: number, start: number, quote: string): Quoted | null {
  let value = "";
  let lineIndex = index;
  let position = start;
  for (;;) {
    const text = lines[lineIndex] ?? "";
    while (position < text.length) {
      const char = text[position] as string;
      if (char === quote) return { value, endLine: lineIndex, rest: text.slice(position + 1) };
      if (quote === '"' && char === "\\" && position + 1 < text.length) {
        const next = text[position + 1] as string;
        value += ESCAPES[next] ?? `\\${next}`;
        position += 2;
        continue;
      }
      value += char;
      position++;
    }
    lineIndex++;
    if (lineIndex >= lines.length) return null;
    value += "\n";
    position = 0;
  }
}

function unquoted(raw: string): string {
  const comment = raw.search(/\s#/);
  return (comment === -1 ? raw : raw.slice(0, comment)).trim();
}

export function parseDotenv(text: string): DotenvParse {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  const firstLine = new Map<string, number>();
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const trimmed = (lines[index] ?? "").trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const statement = trimmed.replace(/^export\s+/, "");
    const equals = statement.indexOf("=");
    if (equals === -1) {
      problems.push({ line, message: "expected KEY=VALUE" });
      continue;
    }
    const key = statement.slice(0, equals).trim();
    if (key === "") {
      problems.push({ line, message: "has no variable name before '='" });
      continue;
    }
    const afterEquals = statement.slice(equals + 1).replace(/^[ \t]+/, "");
    let value: string;
    const quote = afterEquals[0];
    if (quote === '"' || quote === "'" || quote === "`") {
      // Positions refer to the original line, so a value may continue onto the next lines. Its
      // first '=' is the statement's (neither indentation nor `export ` holds one).
      const original = lines[index] ?? "";
      let open = original.indexOf("=") + 1;
      while (original[open] === " " || original[open] === "\t") open++;
      const quoted = readQuoted(lines, index, open + 1, quote);
      if (!quoted) {
        problems.push({ line, message: `the ${quote} quote opened here is never closed` });
        break;
      }
      const rest = quoted.rest.trim();
      const endLine = quoted.endLine;
      index = endLine;
      if (rest !== "" && !rest.startsWith("#")) {
        problems.push({ line: endLine + 1, message: "unexpected text after the closing quote" });
        continue;
      }
      value = quoted.value;
    } else {
      value = unquoted(afterEquals);
    }
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      problems.push({ line, message: `${key} is already set on line ${earlier}` });
      continue;
    }
    firstLine.set(key, line);
    entries.push({ line, key, value });
  }
  return { entries, problems };
}
