import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileSystemObjectStore } from "./file-system.ts";
import { S3ObjectStore } from "./s3.ts";
import type { ObjectStore } from "./store.ts";

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A problem with SKYPORT_OBJECT_STORE_URL, said in the words of the setting. */
export class ObjectStoreUrlError extends Error {
  constructor(message: string) {
    super(`SKYPORT_OBJECT_STORE_URL ${message}`);
    this.name = "ObjectStoreUrlError";
  }
}

export interface ObjectStoreEnvironment {
  /** `file:///absolute/folder` or `s3://bucket[/prefix][?endpoint=…&region=…&forcePathStyle=true&createBucket=true]`. */
  url?: string;
  /** Where objects go when no URL is set (the state directory's `objects` folder). */
  defaultDirectory: string;
  /** S3 credentials; unset: the AWS SDK's default chain (AWS_ACCESS_KEY_ID, profiles, roles). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * The object store a process should use. Unset: files under the state directory (the
 * embedded default). `file:` URLs name another folder; `s3:` URLs a bucket, optionally on an
 * S3-compatible endpoint.
 */
export function objectStoreFromEnvironment(env: ObjectStoreEnvironment): ObjectStore {
  if (!env.url) return new FileSystemObjectStore(env.defaultDirectory);
  let url: URL;
  try {
    url = new URL(env.url);
  } catch {
    throw new ObjectStoreUrlError("must be a URL like file:///var/lib/skyport/objects or s3://bucket/prefix");
  }
  if (url.protocol === "file:") {
    const folder = fileURLToPath(url);
    if (!path.isAbsolute(folder)) throw new ObjectStoreUrlError("must name an absolute folder");
    return new FileSystemObjectStore(folder);
  }
  if (url.protocol !== "s3:") {
    throw new ObjectStoreUrlError(`must start with file:// or s3://, not ${url.protocol}//`);
  }
  const bucket = url.hostname;
  if (!BUCKET.test(bucket))
    throw new ObjectStoreUrlError(`names the bucket "${bucket}", which is not a valid S3 bucket name`);
  const known = new Set(["endpoint", "region", "forcePathStyle", "createBucket"]);
  for (const name of url.searchParams.keys()) {
    if (!known.has(name))
      throw new ObjectStoreUrlError(`has an unknown option "${name}" (known: ${[...known].join(", ")})`);
  }
  const endpoint = url.searchParams.get("endpoint") ?? undefined;
  if (endpoint) {
    try {
      const parsed = new URL(endpoint);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
    } catch {
      throw new ObjectStoreUrlError(`has endpoint "${endpoint}", which is not an http(s) URL`);
    }
  }
  const flag = (name: string, fallback: boolean) => {
    const value = url.searchParams.get(name);
    if (value === null) return fallback;
    if (value !== "true" && value !== "false")
      throw new ObjectStoreUrlError(`option ${name} must be true or false`);
    return value === "true";
  };
  if (Boolean(env.accessKeyId) !== Boolean(env.secretAccessKey)) {
    throw new ObjectStoreUrlError(
      "is an S3 URL, and the access key id and secret access key must be set together",
    );
  }
  return new S3ObjectStore({
    bucket,
    prefix: decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, ""),
    endpoint,
    region: url.searchParams.get("region") ?? "us-east-1",
    forcePathStyle: flag("forcePathStyle", Boolean(endpoint)),
    createBucket: flag("createBucket", false),
    credentials:
      env.accessKeyId && env.secretAccessKey
        ? { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey }
        : undefined,
  });
}
