import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  assertObjectKey,
  assertSha256,
  ChecksumMismatchError,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
  SizeMismatchError,
} from "./store.ts";

/** Uploads in progress live here, on the same file system, so the final rename is atomic. */
const INCOMING = ".incoming";

/**
 * Passes a body through while counting and hashing it, and fails the stream (so the upload
 * that reads it is aborted, never completed) when the body runs past the announced size or
 * ends at another size or SHA-256 than announced.
 */
export function verifying(expected: Pick<PutOptions, "sha256" | "size">): Transform {
  const hash = createHash("sha256");
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > expected.size) return callback(new SizeMismatchError(expected.size, size));
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      if (size !== expected.size) return callback(new SizeMismatchError(expected.size, size));
      const sha256 = hash.digest("hex");
      callback(sha256 === expected.sha256 ? null : new ChecksumMismatchError(expected.sha256, sha256));
    },
  });
}

export function bodyStream(body: Readable | Buffer): Readable {
  return Buffer.isBuffer(body) ? Readable.from([body]) : body;
}

/**
 * Objects as files below one folder: the embedded default. A put writes to a temporary file,
 * checks size and SHA-256, flushes it to disk and renames it into place, so a reader sees the
 * whole object or none.
 */
export class FileSystemObjectStore implements ObjectStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `file system at ${root}`;
  }

  async ready(): Promise<void> {
    await fs.mkdir(path.join(this.root, INCOMING), { recursive: true });
  }

  private file(key: string): string {
    assertObjectKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions): Promise<void> {
    const target = this.file(key);
    assertSha256(options.sha256);
    await this.ready();
    const temporary = path.join(this.root, INCOMING, `${randomBytes(12).toString("hex")}.part`);
    try {
      await pipeline(
        bodyStream(body),
        verifying(options),
        createWriteStream(temporary, { flags: "wx", mode: 0o600 }),
      );
      // On disk before it has a name: a crash leaves a stray temporary file, never a torn object.
      const handle = await fs.open(temporary, "r");
      await handle.sync().finally(() => handle.close());
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | null> {
    const file = this.file(key);
    try {
      const handle = await fs.open(file, "r");
      return createReadStream("", { fd: handle });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const stat = await fs.stat(this.file(key));
      return stat.isFile() ? { key, size: stat.size, lastModified: stat.mtime } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const files: string[] = [];
    const walk = async (dir: string, relative: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      for (const entry of entries) {
        if (!relative && entry.name === INCOMING) continue;
        const key = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), key);
        else if (entry.isFile() && key.startsWith(prefix)) files.push(key);
      }
    };
    await walk(this.root, "");
    files.sort();
    for (const key of files) {
      const info = await this.head(key);
      if (info) yield info;
    }
  }
}
