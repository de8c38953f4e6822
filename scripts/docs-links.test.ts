// Regression: the README pointed at `../shared/…`, which a clone of the repository does not
// have. Every path a document names must exist inside the repository.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const documents = [
  "README.md",
  "infra/README.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** Markdown link targets and backquoted relative paths (`../x`, `./x`, `docs/x.md`). */
function namedPaths(text: string): string[] {
  const links = [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1] ?? "");
  const quoted = [...text.matchAll(/`(\.{1,2}\/[^`\s]+)`/g)].map((m) => m[1] ?? "");
  return [...links, ...quoted].filter((target) => target !== "" && !/^[a-z]+:/i.test(target));
}

describe("documents name only paths inside the repository", () => {
  for (const document of documents) {
    it(document, () => {
      const base = path.dirname(path.join(root, document));
      const problems = namedPaths(readFileSync(path.join(root, document), "utf8")).filter((target) => {
        const resolved = path.resolve(base, target);
        return !resolved.startsWith(`${root}${path.sep}`) || !existsSync(resolved);
      });
      expect(problems).toEqual([]);
    });
  }
});
