// Commands take an ID or a NAME wherever people think in names. A name is looked up in the list
// the API returns; two matches are a usage error that lists them, so a script never acts on
// the wrong one.
import { CliError, ExitCode } from "./exit-codes.ts";

export interface Lookup<T> {
  /** What is looked up, for messages: "workspace", "deployment", "user". */
  kind: string;
  /** Where it was looked for, for messages: `in workspace “Analytics”`. */
  scope?: string;
  id(item: T): string;
  /** Names the item answers to besides its id (matched without regard to case). */
  names(item: T): ReadonlyArray<string | null | undefined>;
  /** How a candidate is shown when a name is ambiguous. */
  describe(item: T): string;
}

/**
 * The lookup of things that answer to their `name`, shown as `id  name (details)` when a name
 * is ambiguous.
 */
export function namedLookup<T extends { id: string; name: string }>(
  kind: string,
  scope?: string,
  details?: (item: T) => string,
): Lookup<T> {
  return {
    kind,
    ...(scope ? { scope } : {}),
    id: (item) => item.id,
    names: (item) => [item.name],
    describe: (item) => `${item.id}  ${item.name}${details ? ` (${details(item)})` : ""}`,
  };
}

/** The item whose id is `wanted`, or whose name is; undefined when none is. */
export function findOne<T>(lookup: Lookup<T>, items: readonly T[], wanted: string): T | undefined {
  const byId = items.find((item) => lookup.id(item) === wanted);
  if (byId) return byId;
  const exact = items.filter((item) => lookup.names(item).some((name) => name === wanted));
  if (exact.length === 1) return exact[0];
  const folded = wanted.toLowerCase();
  const matches =
    exact.length > 1
      ? exact
      : items.filter((item) => lookup.names(item).some((name) => name?.toLowerCase() === folded));
  if (matches.length > 1) {
    throw new CliError(
      `“${wanted}” matches ${matches.length} ${lookup.kind}s${lookup.scope ? ` ${lookup.scope}` : ""}; ` +
        `use an id:\n${matches.map((item) => `  ${lookup.describe(item)}`).join("\n")}`,
      ExitCode.Usage,
    );
  }
  return matches[0];
}

/** Like findOne, but a miss is an error naming what was looked for. */
export function requireOne<T>(lookup: Lookup<T>, items: readonly T[], wanted: string): T {
  const found = findOne(lookup, items, wanted);
  if (!found) throw notFound(lookup, wanted);
  return found;
}

export function notFound(lookup: Pick<Lookup<unknown>, "kind" | "scope">, wanted: string): CliError {
  return new CliError(
    `no ${lookup.kind} with the id or name “${wanted}”${lookup.scope ? ` ${lookup.scope}` : ""}`,
  );
}

/** Ids are cuids: 20–40 lowercase letters and digits, starting with a letter. */
export function looksLikeId(value: string): boolean {
  return /^[a-z][a-z0-9]{19,39}$/.test(value);
}
