import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { type S3TestServer, startS3Server } from "@skyport/testing/s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ChecksumMismatchError,
  type ObjectStore,
  ObjectStoreUrlError,
  objectStoreFromEnvironment,
  SizeMismatchError,
} from "../src/index.ts";

const sha256 = (body: Buffer | string) => createHash("sha256").update(body).digest("hex");
const body = (value: string) => ({
  bytes: Buffer.from(value),
  options: { sha256: sha256(value), size: Buffer.byteLength(value) },
});

let s3: S3TestServer;
let folder: string;
beforeAll(async () => {
  s3 = await startS3Server();
  folder = await fs.mkdtemp(path.join(os.tmpdir(), "skyport-objects-"));
});
afterAll(async () => {
  await s3?.stop();
  if (folder) await fs.rm(folder, { recursive: true, force: true });
});

async function keys(store: ObjectStore, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const info of store.list(prefix)) found.push(info.key);
  return found;
}

/** Both adapters, through the one factory a process uses. */
const adapters: [string, (name: string) => ObjectStore][] = [
  ["file system", (name) => objectStoreFromEnvironment({ defaultDirectory: path.join(folder, name) })],
  [
    "S3 (s3rver)",
    (name) =>
      objectStoreFromEnvironment({
        url: s3.objectStoreUrl("skyport-test", name),
        defaultDirectory: "/unused",
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
      }),
  ],
];

describe.each(adapters)("%s object store", (_label, open) => {
  it("stores, lists in key order, reads back and deletes objects", async () => {
    const store = open("roundtrip");
    await store.ready();
    const b = body("second bundle");
    const a = body("first bundle");
    await store.put("bundles/bbb", b.bytes, b.options);
    await store.put("bundles/aaa", Readable.from([a.bytes]), a.options);
    await store.put("other/ccc", b.bytes, b.options);

    expect(await keys(store, "bundles/")).toEqual(["bundles/aaa", "bundles/bbb"]);
    expect(await keys(store)).toEqual(["bundles/aaa", "bundles/bbb", "other/ccc"]);
    expect((await store.head("bundles/aaa"))?.size).toBe(a.options.size);
    const read = await store.get("bundles/aaa");
    expect(read && (await text(read))).toBe("first bundle");

    await store.delete("bundles/aaa");
    await store.delete("bundles/never-there");
    expect(await store.head("bundles/aaa")).toBeNull();
    expect(await store.get("bundles/aaa")).toBeNull();
    expect(await keys(store, "bundles/")).toEqual(["bundles/bbb"]);
  });

  it("refuses a body whose SHA-256 differs and leaves nothing behind", async () => {
    const store = open("checksum");
    await store.ready();
    const promised = body("what the client hashed");
    await expect(
      store.put("bundles/x", Buffer.from("what arrived instead!!"), promised.options),
    ).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(await store.head("bundles/x")).toBeNull();
    expect(await keys(store)).toEqual([]);
  });

  it("refuses a truncated body and a body that fails mid-way, leaving nothing behind", async () => {
    const store = open("truncated");
    await store.ready();
    const whole = body("a body of forty bytes, give or take some");
    await expect(store.put("bundles/short", whole.bytes.subarray(0, 10), whole.options)).rejects.toThrow();
    const failing = new Readable({
      read() {
        this.push(whole.bytes.subarray(0, 5));
        this.destroy(new Error("connection reset by peer"));
      },
    });
    await expect(store.put("bundles/broken", failing, whole.options)).rejects.toThrow();
    expect(await store.head("bundles/short")).toBeNull();
    expect(await store.head("bundles/broken")).toBeNull();
    expect(await keys(store)).toEqual([]);
  });

  it("shows no object under its key until the whole upload is verified", async () => {
    const store = open("atomic");
    await store.ready();
    const whole = body("x".repeat(64 * 1024));
    const stream = new PassThrough();
    const upload = store.put("bundles/slow", stream, whole.options);
    stream.write(whole.bytes.subarray(0, 1000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.head("bundles/slow")).toBeNull();
    stream.end(whole.bytes.subarray(1000));
    await upload;
    expect((await store.head("bundles/slow"))?.size).toBe(whole.options.size);
  });

  it("refuses keys that could leave the store's folder or prefix", async () => {
    const store = open("keys");
    const b = body("x");
    for (const key of ["../escape", "bundles/../../etc/passwd", "/absolute", "Upper", "a//b", ""]) {
      await expect(store.put(key, b.bytes, b.options), key).rejects.toThrow(/not a valid object key/);
    }
  });
});

describe("the file-system store", () => {
  it("keeps uploads in progress out of listings and removes a failed one", async () => {
    const root = path.join(folder, "incoming");
    const store = objectStoreFromEnvironment({ defaultDirectory: root });
    const b = body("payload");
    await expect(store.put("k", Buffer.from("other"), { ...b.options, size: 5 })).rejects.toBeInstanceOf(
      ChecksumMismatchError,
    );
    expect(await fs.readdir(path.join(root, ".incoming"))).toEqual([]);
    await expect(store.put("k", b.bytes, { ...b.options, size: 99 })).rejects.toBeInstanceOf(
      SizeMismatchError,
    );
    expect(await keys(store)).toEqual([]);
  });
});

describe("SKYPORT_OBJECT_STORE_URL", () => {
  const parse = (url: string, extra: Record<string, string> = {}) =>
    objectStoreFromEnvironment({ url, defaultDirectory: "/tmp/x", ...extra });

  it("names what is wrong with a bad URL", () => {
    expect(() => parse("bucket-without-scheme")).toThrow(ObjectStoreUrlError);
    expect(() => parse("ftp://host/x")).toThrow(
      "SKYPORT_OBJECT_STORE_URL must start with file:// or s3://, not ftp://",
    );
    expect(() => parse("s3://Bad_Bucket")).toThrow('names the bucket "Bad_Bucket"');
    expect(() => parse("s3://bucket?endpiont=http://x")).toThrow('unknown option "endpiont"');
    expect(() => parse("s3://bucket?endpoint=localhost:9000")).toThrow("not an http(s) URL");
    expect(() => parse("s3://bucket?forcePathStyle=yes")).toThrow("forcePathStyle must be true or false");
    expect(() => parse("s3://bucket", { accessKeyId: "only-the-id" })).toThrow("must be set together");
  });

  it("describes where objects go without any credential", () => {
    expect(parse("file:///var/lib/skyport/objects").description).toBe(
      "file system at /var/lib/skyport/objects",
    );
    const store = parse("s3://bucket/bundles?endpoint=http://127.0.0.1:9000", {
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI",
    });
    expect(store.description).toBe("s3://bucket/bundles at http://127.0.0.1:9000");
    expect(store.description).not.toContain("wJalrXUtnFEMI");
    expect(objectStoreFromEnvironment({ defaultDirectory: "/state/objects" }).description).toBe(
      "file system at /state/objects",
    );
  });
});
