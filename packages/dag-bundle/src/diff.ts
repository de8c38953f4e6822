import type { BundleFile } from "./inspect.ts";

export interface BundleDiff {
  added: BundleFile[];
  removed: BundleFile[];
  /** Same path, other content: the file before and after. */
  changed: { path: string; before: BundleFile; after: BundleFile }[];
  unchanged: number;
}

/** What changed between two bundles' manifests, by path, each list in path order. */
export function diffBundles(before: readonly BundleFile[], after: readonly BundleFile[]): BundleDiff {
  const old = new Map(before.map((file) => [file.path, file]));
  const diff: BundleDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const file of after) {
    const previous = old.get(file.path);
    if (!previous) diff.added.push(file);
    else if (previous.sha256 !== file.sha256)
      diff.changed.push({ path: file.path, before: previous, after: file });
    else diff.unchanged += 1;
    old.delete(file.path);
  }
  diff.removed = [...old.values()];
  const byPath = (a: { path: string }, b: { path: string }) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  diff.added.sort(byPath);
  diff.removed.sort(byPath);
  diff.changed.sort(byPath);
  return diff;
}
