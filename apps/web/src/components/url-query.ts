/** Each key's value in a page's search parameters, trimmed ("" when absent or repeated). */
export function pickParams<K extends string>(
  query: Record<string, string | string[] | undefined>,
  keys: readonly K[],
): Record<K, string> {
  return Object.fromEntries(
    keys.map((key) => {
      const value = query[key];
      return [key, typeof value === "string" ? value.trim() : ""];
    }),
  ) as Record<K, string>;
}

/** The query string of these values in the keys' order (empty ones left out), without the "?". */
export function queryOf<K extends string>(keys: readonly K[], values: Partial<Record<K, string>>): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = values[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}
