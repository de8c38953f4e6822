const SECRET_KEY =
  /(pass(word|phrase)?|secret|token|authorization|cookie|credential|private[-_]?key|api[-_]?key|value)$/i;

/**
 * Audit metadata never carries secrets: any field whose name says it is one (password,
 * token, secret, value, ...) is replaced, at any depth, before the event is written.
 */
export function redactMetadata(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[truncated]";
  if (Array.isArray(value)) return value.map((item) => redactMetadata(item, depth + 1));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) =>
        SECRET_KEY.test(key) ? [key, "[redacted]"] : [key, redactMetadata(inner, depth + 1)],
      ),
    );
  }
  return value;
}
