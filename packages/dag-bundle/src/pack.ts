import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import ignore, { type Ignore } from "ignore";
import { create } from "tar";
import type { BundleFile } from "./inspect.ts";

/**
 * How `.airflowignore` patterns are read: Airflow 3 reads them as gitignore-style globs,
 * Airflow 2 as un-anchored regular expressions (`[core] dag_ignore_file_syntax`).
 */
export type IgnoreSyntax = "glob" | "regexp";

/** Never worth shipping, whatever the ignore files say. */
const ALWAYS_LEFT_OUT = [".git/", "__pycache__/", "*.pyc", ".DS_Store", ".skyportignore"];

export interface PackOptions {
  ignoreSyntax: IgnoreSyntax;
}

export interface PackedBundle {
  /** The tar.gz: the same folder content always packs to the same bytes. */
  tarball: Buffer;
  sha256: string;
  files: BundleFile[];
  /** Paths left out by .airflowignore, .skyportignore or the built-in list (folders end in "/"). */
  leftOut: string[];
}

/** A DAG folder Skyport cannot pack, with the path that is the reason. */
export class PackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackError";
  }
}

interface Rule {
  /** Folder of the ignore file, relative to the DAG folder ("" at the top). */
  base: string;
  test(relativeToBase: string, isDirectory: boolean): boolean;
}

function globRule(base: string, patterns: string): Rule {
  const matcher: Ignore = ignore().add(patterns);
  return { base, test: (rel, isDirectory) => matcher.ignores(isDirectory ? `${rel}/` : rel) };
}

function regexpRule(base: string, patterns: string, file: string): Rule[] {
  return patterns
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      let pattern: RegExp;
      try {
        pattern = new RegExp(line);
      } catch (error) {
        throw new PackError(
          `${file}: "${line}" is not a valid regular expression (${(error as Error).message})`,
        );
      }
      return { base, test: (rel: string) => pattern.test(rel) };
    });
}

function within(base: string, relative: string): string | null {
  if (base === "") return relative;
  return relative.startsWith(`${base}/`) ? relative.slice(base.length + 1) : null;
}

/**
 * Packs a DAG folder into a content-addressed bundle, leaving out what `.airflowignore` (in any
 * folder, for that folder and below, in the runtime's syntax) and a top-level `.skyportignore`
 * (gitignore syntax) name. Entries are sorted and carry no owner or time, so the same content
 * gives the same SHA-256 and a redeploy of an unchanged folder is recognised.
 */
export async function packDagFolder(folder: string, options: PackOptions): Promise<PackedBundle> {
  const root = path.resolve(folder);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new PackError(`${folder} is not a folder`);

  const rules: Rule[] = [globRule("", ALWAYS_LEFT_OUT.join("\n"))];
  const skyportIgnore = await fs.readFile(path.join(root, ".skyportignore"), "utf8").catch(() => null);
  if (skyportIgnore !== null) rules.push(globRule("", skyportIgnore));

  const files: string[] = [];
  const leftOut: string[] = [];
  const ignored = (relative: string, isDirectory: boolean) =>
    rules.some((rule) => {
      const rel = within(rule.base, relative);
      return rel !== null && rel !== "" && rule.test(rel, isDirectory);
    });

  const walk = async (relativeDir: string): Promise<void> => {
    const absolute = path.join(root, relativeDir);
    const airflowIgnore = await fs.readFile(path.join(absolute, ".airflowignore"), "utf8").catch(() => null);
    if (airflowIgnore !== null) {
      const shown = path.posix.join(relativeDir, ".airflowignore");
      if (options.ignoreSyntax === "glob") rules.push(globRule(relativeDir, airflowIgnore));
      else rules.push(...regexpRule(relativeDir, airflowIgnore, shown));
    }
    const entries = await fs.readdir(absolute, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        if (ignored(relative, false)) continue;
        throw new PackError(
          `${relative} is a symbolic link; bundles hold regular files only (copy the file in, or list it in .skyportignore)`,
        );
      }
      if (entry.isDirectory()) {
        if (ignored(relative, true)) leftOut.push(`${relative}/`);
        else await walk(relative);
      } else if (entry.isFile()) {
        if (ignored(relative, false)) leftOut.push(relative);
        else files.push(relative);
      }
    }
  };
  await walk("");
  if (files.length === 0)
    throw new PackError(`${folder} has no files to deploy once ignored files are left out`);

  const manifest: BundleFile[] = [];
  for (const relative of files) {
    const content = await fs.readFile(path.join(root, relative));
    manifest.push({
      path: relative,
      size: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
    });
  }
  const tarball = await buffer(
    create({ cwd: root, gzip: { level: 9 }, portable: true, noMtime: true, noDirRecurse: true }, files),
  );
  return { tarball, sha256: createHash("sha256").update(tarball).digest("hex"), files: manifest, leftOut };
}
