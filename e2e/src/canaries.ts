// Canary values for the secrets leak test: unique random strings planted in secret fields, and a
// search that finds them — whole, in the encodings a leak would take (base64 in any alignment,
// base64url, hex as pg_dump prints bytea) or as a recognisable fragment (error messages that quote
// "a few characters around the problem" leak a part, not the whole).
import { randomBytes } from "node:crypto";

/**
 * Every canary starts with this. Short on purpose: an error that quotes ten characters around a
 * problem still shows the marker and the start of the random part. ("canary-" itself would not
 * do: React's bundles carry versions like "19.3.0-canary-…".)
 */
export const CANARY_MARKER = "cnry-";
/** Hex characters after the marker that must match a canary's start for a marker fragment. */
const MARKER_FRAGMENT_HEX_CHARS = 3;
/** A run of this many hex characters from a canary's random part counts as a fragment of it. */
const FRAGMENT_HEX_CHARS = 12;
/** Characters of context shown on each side of a finding. */
const CONTEXT_CHARS = 60;

export interface Canary {
  readonly value: string;
  /** Which field, interface and step it was planted through (for failure messages). */
  readonly label: string;
  /** Whether the deployment's airflow-environment Secret must hold it (the positive control). */
  readonly delivered: boolean;
}

export interface Finding {
  /** Where the text came from, e.g. "application log line 812" or "redis key bull:x (hash field data)". */
  readonly where: string;
  readonly canary: string;
  readonly form: string;
  /** The text around the occurrence. */
  readonly context: string;
}

interface Form {
  readonly name: string;
  readonly text: string;
}

/**
 * Strings that appear in any base64 (or base64url) encoding of a buffer containing `value`,
 * whatever the value's offset: for each of the three alignments, the encoding of the part of the
 * value that starts on a 3-byte boundary, cut to whole 3-byte groups.
 */
export function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const forms = new Set<string>();
  for (let skip = 0; skip < 3; skip++) {
    const usable = Math.floor((bytes.length - skip) / 3) * 3;
    const aligned = bytes.subarray(skip, skip + usable);
    forms.add(aligned.toString("base64"));
    forms.add(aligned.toString("base64url"));
  }
  return [...forms];
}

function formsOf(value: string): Form[] {
  return [
    { name: "plaintext", text: value },
    { name: "hex", text: Buffer.from(value, "utf8").toString("hex") },
    ...base64Forms(value).map((text) => ({ name: "base64", text })),
  ];
}

function contextAround(text: string, index: number, length: number): string {
  const start = Math.max(0, index - CONTEXT_CHARS);
  const end = Math.min(text.length, index + length + CONTEXT_CHARS);
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`.replace(
    /\s+/g,
    " ",
  );
}

/** 1-based line of `index` in `text`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export class CanarySet {
  private readonly planted: Canary[] = [];

  /** A new canary for one secret field, planted through one interface. */
  plant(label: string, options: { delivered: boolean }): string {
    if (this.planted.some((canary) => canary.label === label)) throw new Error(`duplicate canary ${label}`);
    const value = `${CANARY_MARKER}${randomBytes(16).toString("hex")}`;
    this.planted.push({ value, label, delivered: options.delivered });
    return value;
  }

  get all(): readonly Canary[] {
    return this.planted;
  }

  labelOf(value: string): string {
    return this.planted.find((canary) => canary.value === value)?.label ?? "unknown canary";
  }

  /**
   * Every occurrence of a canary in `text`, named `where` (with the line number for multi-line
   * text). Whole canaries in any form first; what is left is searched for fragments.
   */
  find(where: string, text: string): Finding[] {
    const findings: Finding[] = [];
    let rest = text;
    const at = (index: number) => (text.includes("\n") ? `${where}, line ${lineAt(text, index)}` : where);
    for (const canary of this.planted) {
      for (const form of formsOf(canary.value)) {
        for (let index = rest.indexOf(form.text); index !== -1; index = rest.indexOf(form.text, index + 1)) {
          findings.push({
            where: at(index),
            canary: canary.label,
            form: form.name,
            context: contextAround(text, index, form.text.length),
          });
        }
        // Blank what was found so its characters are not reported again as fragments.
        if (rest.includes(form.text)) rest = rest.replaceAll(form.text, " ".repeat(form.text.length));
      }
    }
    const marked = new RegExp(`${CANARY_MARKER}([0-9a-f]{${MARKER_FRAGMENT_HEX_CHARS},})`, "g");
    for (const match of rest.matchAll(marked)) {
      const start = match[1] ?? "";
      const owner = this.planted.find((canary) => {
        const random = canary.value.slice(CANARY_MARKER.length);
        return random.startsWith(start) || start.startsWith(random);
      });
      if (!owner) continue;
      const index = match.index ?? 0;
      findings.push({
        where: at(index),
        canary: owner.label,
        form: `fragment (its marker and ${start.length} characters)`,
        context: contextAround(text, index, match[0].length),
      });
      rest = `${rest.slice(0, index)}${" ".repeat(match[0].length)}${rest.slice(index + match[0].length)}`;
    }
    const windows = this.fragmentWindows();
    for (const run of rest.matchAll(new RegExp(`[0-9a-f]{${FRAGMENT_HEX_CHARS},}`, "g"))) {
      for (let offset = 0; offset + FRAGMENT_HEX_CHARS <= run[0].length; offset++) {
        const owner = windows.get(run[0].slice(offset, offset + FRAGMENT_HEX_CHARS));
        if (owner === undefined) continue;
        const index = (run.index ?? 0) + offset;
        findings.push({
          where: at(index),
          canary: owner,
          form: `fragment (${FRAGMENT_HEX_CHARS}+ characters of its random part)`,
          context: contextAround(text, index, FRAGMENT_HEX_CHARS),
        });
        break;
      }
    }
    return findings;
  }

  private fragmentWindows(): Map<string, string> {
    const windows = new Map<string, string>();
    for (const canary of this.planted) {
      const random = canary.value.slice(CANARY_MARKER.length);
      for (let offset = 0; offset + FRAGMENT_HEX_CHARS <= random.length; offset++)
        windows.set(random.slice(offset, offset + FRAGMENT_HEX_CHARS), canary.label);
    }
    return windows;
  }
}

/** A failure message naming every place a canary was found, one per line. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `- ${f.where}: ${f.form} of canary "${f.canary}" in: ${JSON.stringify(f.context)}`)
    .join("\n");
}
