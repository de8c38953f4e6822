import type { Readable } from "node:stream";

/** What the store knows about one object. */
export interface ObjectInfo {
  key: string;
  /** Size in bytes. */
  size: number;
  lastModified: Date;
}

export interface PutOptions {
  /** The body's SHA-256 (hex). The store refuses the object when the body does not match. */
  sha256: string;
  /** Body size in bytes (streams need it up front for S3). */
  size: number;
  contentType?: string;
}

/**
 * Where Skyport keeps blobs (DAG bundles): content-addressed keys, write-once objects.
 * `put` is atomic: until it resolves nobody can read the key, and a failed or interrupted
 * upload leaves nothing behind under it.
 */
export interface ObjectStore {
  /** Where objects go, for logs and `skyport` diagnostics (never holds a credential). */
  readonly description: string;
  /** Creates what the store needs (the root folder, the bucket when asked to). */
  ready(): Promise<void>;
  put(key: string, body: Readable | Buffer, options: PutOptions): Promise<void>;
  /** The object's bytes, or null when there is no such key. */
  get(key: string): Promise<Readable | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Removes a key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every object under a prefix, in key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
}

/** Raised when a body does not hash to the SHA-256 the caller promised. */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`the upload's SHA-256 is ${actual}, not ${expected}`);
    this.name = "ChecksumMismatchError";
  }
}

/** Raised when a body's length is not the size the caller promised. */
export class SizeMismatchError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`the upload has ${actual} bytes, not the ${expected} announced`);
    this.name = "SizeMismatchError";
  }
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Keys are lower-case path segments; nothing that could climb out of a folder or bucket prefix. */
export function assertObjectKey(key: string): void {
  if (key.length > 512 || !KEY.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new Error(`not a valid object key: ${JSON.stringify(key)}`);
  }
}

export function assertSha256(value: string): void {
  if (!/^[0-9a-f]{64}$/.test(value)) throw new Error("a SHA-256 is 64 lower-case hexadecimal characters");
}
