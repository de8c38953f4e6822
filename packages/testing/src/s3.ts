/// <reference path="./s3rver.d.ts" />
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
// s3rver: a real S3-compatible HTTP server (SigV4, XML API) backed by a folder.
import S3rver from "s3rver";

export interface S3TestServer {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `SKYPORT_OBJECT_STORE_URL` for a bucket on this server (created on first use). */
  objectStoreUrl(bucket: string, prefix?: string): string;
  stop(): Promise<void>;
}

/** Starts an S3-compatible server on a free loopback port, storing into a temporary folder. */
export async function startS3Server(): Promise<S3TestServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "skyport-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true });
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    // s3rver's built-in account.
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    objectStoreUrl: (bucket, prefix = "") =>
      `s3://${bucket}/${prefix}?endpoint=${encodeURIComponent(endpoint)}&createBucket=true`,
    async stop() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
