// DAG and task selection: IS / IS_NOT / INCLUDES / EXCLUDES with `*` globs (Astro's pattern
// matches). Every pattern must hold; an entity with no pattern matches everything.
import picomatch from "picomatch";
import type { AlertPattern } from "./alerts.types.ts";

type Matcher = (id: string) => boolean;
const cache = new Map<string, Matcher>();

/** A `*` glob over a whole id (`*` also crosses dots and slashes: ids are not paths). */
function glob(pattern: string): Matcher {
  let matcher = cache.get(pattern);
  if (!matcher) {
    // Only `*` is special: every other glob character is matched literally.
    const literal = pattern.replace(/[?[\]{}()!+@\\]/g, (char) => `\\${char}`);
    const compiled = picomatch(literal.replace(/\*+/g, "**"), { dot: true, nonegate: true, noextglob: true });
    matcher = (id) => compiled(id);
    cache.set(pattern, matcher);
  }
  return matcher;
}

function holds(pattern: AlertPattern, id: string): boolean {
  switch (pattern.operator) {
    case "IS":
      return pattern.values.some((value) => glob(value)(id));
    case "IS_NOT":
      return !pattern.values.some((value) => glob(value)(id));
    case "INCLUDES":
      return pattern.values.some((value) => glob(`*${value}*`)(id));
    case "EXCLUDES":
      return !pattern.values.some((value) => glob(`*${value}*`)(id));
    default: {
      const exhaustive: never = pattern.operator;
      return exhaustive;
    }
  }
}

/** Whether a DAG (and, for task rules, a task) is selected by the rule's patterns. */
export function matchesPatterns(
  patterns: readonly AlertPattern[],
  ids: { dagId: string; taskId?: string | null },
): boolean {
  return patterns.every((pattern) => {
    if (pattern.entity === "DAG_ID") return holds(pattern, ids.dagId);
    if (ids.taskId === undefined || ids.taskId === null) return true;
    return holds(pattern, ids.taskId);
  });
}

/** DAG ids an IS pattern names literally (no `*`): watched even before they ever ran. */
export function literalDagIds(patterns: readonly AlertPattern[]): string[] {
  return patterns
    .filter((pattern) => pattern.entity === "DAG_ID" && pattern.operator === "IS")
    .flatMap((pattern) => pattern.values.filter((value) => !value.includes("*")));
}
