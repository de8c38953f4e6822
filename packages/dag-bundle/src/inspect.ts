import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { Parser, type ReadEntry } from "tar";

/** How big a bundle may be; the server's settings, said back to the user when exceeded. */
export interface BundleLimits {
  /** The uploaded tar.gz. */
  maxCompressedBytes: number;
  /** Everything in it, unpacked (a small upload that unpacks to gigabytes is refused). */
  maxUncompressedBytes: number;
  maxFiles: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxCompressedBytes: 100 * MiB,
  maxUncompressedBytes: 1024 * MiB,
  maxFiles: 20_000,
};

export type BundleProblem =
  | "not-a-bundle"
  | "unsafe-path"
  | "link"
  | "special-file"
  | "duplicate"
  | "too-large"
  | "too-many-files"
  | "empty";

/** Why a bundle was refused, in words that name the offending entry. */
export class BundleError extends Error {
  constructor(
    readonly problem: BundleProblem,
    message: string,
  ) {
    super(message);
    this.name = "BundleError";
  }
}

export interface BundleFile {
  /** Relative path with forward slashes, no leading "./". */
  path: string;
  size: number;
  sha256: string;
}

export interface BundleManifest {
  /** Regular files, by path. */
  files: BundleFile[];
  uncompressedBytes: number;
}

/**
 * The path a tar entry would be unpacked to, or why it may not be: absolute paths, drive
 * letters, backslashes, NUL and any `..` segment could write outside the bundle folder.
 */
export function safeEntryPath(raw: string): string {
  const shown = JSON.stringify(raw);
  if (raw.includes("\0")) throw new BundleError("unsafe-path", `${shown} contains a NUL character`);
  if (raw.includes("\\")) throw new BundleError("unsafe-path", `${shown} contains a backslash`);
  if (raw.startsWith("/") || /^[A-Za-z]:/.test(raw)) {
    throw new BundleError(
      "unsafe-path",
      `${shown} is an absolute path; bundle paths are relative to the DAG folder`,
    );
  }
  const parts = raw.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes(".."))
    throw new BundleError("unsafe-path", `${shown} climbs out of the bundle with ".."`);
  return parts.join("/");
}

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

/**
 * Reads a tar.gz bundle without unpacking it and says what is in it, or refuses it. Only
 * regular files and folders may be inside: no links (symbolic or hard), devices or FIFOs, no
 * path outside the bundle, no path twice; and it stays within the limits, which are checked
 * as bytes arrive, so a zip bomb is stopped at the limit rather than unpacked.
 */
export async function inspectBundle(
  source: Readable | Buffer,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): Promise<BundleManifest> {
  const files = new Map<string, BundleFile>();
  let uncompressedBytes = 0;
  let refusal: Error | undefined;
  const parser = new Parser({
    strict: true,
    onReadEntry(entry: ReadEntry) {
      try {
        if (refusal) throw refusal;
        readEntry(entry);
      } catch (error) {
        refusal ??= error as Error;
        entry.resume();
        parser.abort(refusal);
      }
    },
  });

  const readEntry = (entry: ReadEntry) => {
    const path = safeEntryPath(entry.path);
    if (entry.type === "Directory") return entry.resume();
    if (entry.type === "SymbolicLink" || entry.type === "Link") {
      throw new BundleError(
        "link",
        `${JSON.stringify(entry.path)} is a ${entry.type === "Link" ? "hard" : "symbolic"} link; bundles hold regular files only`,
      );
    }
    if (!FILE_TYPES.has(entry.type)) {
      throw new BundleError(
        "special-file",
        `${JSON.stringify(entry.path)} is a ${entry.type}; bundles hold regular files only`,
      );
    }
    if (!path) throw new BundleError("unsafe-path", `${JSON.stringify(entry.path)} is not a file name`);
    if (files.has(path)) throw new BundleError("duplicate", `${JSON.stringify(path)} is in the bundle twice`);
    if (files.size + 1 > limits.maxFiles) {
      throw new BundleError("too-many-files", `the bundle has more than ${limits.maxFiles} files`);
    }
    const record: BundleFile = { path, size: 0, sha256: "" };
    files.set(path, record);
    const hash = createHash("sha256");
    entry.on("data", (chunk: Buffer) => {
      if (refusal) return;
      record.size += chunk.length;
      uncompressedBytes += chunk.length;
      if (uncompressedBytes > limits.maxUncompressedBytes) {
        refusal = new BundleError(
          "too-large",
          `the bundle unpacks to more than ${describeBytes(limits.maxUncompressedBytes)}`,
        );
        parser.abort(refusal);
        return;
      }
      hash.update(chunk);
    });
    entry.on("end", () => {
      record.sha256 = hash.digest("hex");
    });
  };

  const finished = new Promise<void>((resolve, reject) => {
    parser.on("end", resolve);
    parser.on("abort", reject);
    parser.on("error", reject);
  });
  finished.catch(() => {});
  let compressedBytes = 0;
  try {
    for await (const chunk of Buffer.isBuffer(source) ? [source] : (source as AsyncIterable<Buffer>)) {
      compressedBytes += chunk.length;
      if (compressedBytes > limits.maxCompressedBytes) {
        throw new BundleError(
          "too-large",
          `the bundle is larger than ${describeBytes(limits.maxCompressedBytes)}`,
        );
      }
      if (refusal) break;
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once("drain", resolve));
    }
    if (!refusal) parser.end();
    await finished;
  } catch (error) {
    if (refusal) throw refusal;
    if (error instanceof BundleError) throw error;
    throw new BundleError(
      "not-a-bundle",
      `the upload is not a readable tar.gz archive (${(error as Error).message})`,
    );
  }
  if (refusal) throw refusal;
  if (files.size === 0) throw new BundleError("empty", "the bundle holds no files");
  return {
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    uncompressedBytes,
  };
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}
