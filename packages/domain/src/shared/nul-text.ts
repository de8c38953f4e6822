// PostgreSQL text cannot hold U+0000, so a string carrying it would fail deep inside a write (a
// 500 after part of the work was done). Every API edge (REST and tRPC alike) refuses such input
// up front with this one check, naming the field.

/** Where the first NUL character is in `value` (a field path; "" for the value itself), with
 * whether it sits in an object key; undefined when there is none. */
export function findNulCharacter(
  value: unknown,
  path: readonly string[] = [],
): { path: string; inKey: boolean } | undefined {
  if (typeof value === "string") {
    return value.includes("\u0000") ? { path: path.join("."), inKey: false } : undefined;
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
      if (key.includes("\u0000")) return { path: path.join("."), inKey: true };
      const found = findNulCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The user-facing message for a NUL character found by findNulCharacter. */
export function nulCharacterMessage(found: { inKey: boolean }): string {
  return found.inKey
    ? "must not contain a key with the NUL character (\\u0000)"
    : "must not contain the NUL character (\\u0000)";
}
