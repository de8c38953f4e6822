// PostgreSQL cannot store two kinds of JavaScript text: U+0000 (text and jsonb refuse it) and an
// unpaired UTF-16 surrogate (JSON's "\ud800" escape, which jsonb refuses, e.g. in the audit
// event that records the name). Such a string would fail deep inside a write (a 500 after part of
// the work was done). Every API edge (REST and tRPC alike) refuses such input up front with this
// one check, naming the field.

/** What makes a string unstorable: a NUL character or an unpaired surrogate. */
export type UnstorableText = "nul" | "surrogate";

/** A lone surrogate: in a `u` regular expression a well-formed pair is one code point, never Cs. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

function unstorable(text: string): UnstorableText | undefined {
  if (text.includes("\u0000")) return "nul";
  if (UNPAIRED_SURROGATE.test(text)) return "surrogate";
  return undefined;
}

/** Where the first string PostgreSQL cannot store is in `value` (a field path; "" for the value
 * itself), with whether it sits in an object key and why; undefined when there is none. */
export function findNulCharacter(
  value: unknown,
  path: readonly string[] = [],
): { path: string; inKey: boolean; kind: UnstorableText } | undefined {
  if (typeof value === "string") {
    const kind = unstorable(value);
    return kind ? { path: path.join("."), inKey: false, kind } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulCharacter(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const kind = unstorable(key);
      if (kind) return { path: path.join("."), inKey: true, kind };
      const found = findNulCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The user-facing message for what findNulCharacter found. */
export function nulCharacterMessage(found: { inKey: boolean; kind?: UnstorableText }): string {
  const what =
    found.kind === "surrogate"
      ? "an unpaired UTF-16 surrogate (\\ud800–\\udfff without its other half)"
      : "the NUL character (\\u0000)";
  return found.inKey ? `must not contain a key with ${what}` : `must not contain ${what}`;
}
