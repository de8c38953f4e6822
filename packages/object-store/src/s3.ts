import { randomBytes } from "node:crypto";
import { pipeline, type Readable } from "node:stream";
import { finished } from "node:stream/promises";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { bodyStream, verifying } from "./file-system.ts";
import {
  assertObjectKey,
  assertSha256,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from "./store.ts";

export interface S3ObjectStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket ("" or ending without a slash). */
  prefix: string;
  /** An S3-compatible endpoint (MinIO, Ceph, a test server); unset: AWS. */
  endpoint?: string;
  region: string;
  /** Path-style addressing (http://host/bucket/key), which most S3-compatible servers want. */
  forcePathStyle: boolean;
  /** Create the bucket in ready() when it does not exist (test servers, development). */
  createBucket: boolean;
  /** Explicit credentials; unset: the AWS SDK's default chain (environment, profile, role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Uploads in progress, before they are verified and copied to their key. */
const INCOMING = "incoming-uploads";

function isMissing(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    error instanceof NotFound ||
    (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
  );
}

/**
 * Objects in an S3 bucket (or an S3-compatible server). A put uploads to a temporary key
 * (with the SHA-256 for S3 to verify on the way in), checks size and hash as the bytes pass,
 * and only then copies the object to its key and removes the temporary one: a broken or
 * partial upload never appears under the real key.
 */
export class S3ObjectStore implements ObjectStore {
  readonly description: string;
  private readonly client: S3Client;

  constructor(private readonly options: S3ObjectStoreOptions) {
    this.description = `s3://${options.bucket}/${options.prefix}${options.endpoint ? ` at ${options.endpoint}` : ""}`;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // Checksums only where the API requires them: S3-compatible servers do not all speak the
      // newer flexible-checksum trailers. Our own SHA-256 covers integrity.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private objectKey(key: string): string {
    assertObjectKey(key);
    return this.options.prefix ? `${this.options.prefix}/${key}` : key;
  }

  async ready(): Promise<void> {
    if (!this.options.createBucket) return;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      if (!isMissing(error)) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.options.bucket }));
    }
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions): Promise<void> {
    const target = this.objectKey(key);
    assertSha256(options.sha256);
    const temporary = this.objectKey(`${INCOMING}/${randomBytes(12).toString("hex")}`);
    const verifier = verifying(options);
    // A body that turns out too long, too short or with another SHA-256 fails the verifier,
    // which aborts the request; and the object is only copied to its key once verified.
    const abort = new AbortController();
    const verified = finished(verifier).then(
      () => null,
      (error: unknown) => {
        abort.abort(error);
        return error;
      },
    );
    // pipeline (not pipe): a source that fails mid-way fails the verifier, and so the request.
    const stream = pipeline(bodyStream(body), verifier, () => {});
    try {
      const upload = this.client
        .send(
          new PutObjectCommand({
            Bucket: this.options.bucket,
            Key: temporary,
            Body: stream,
            ContentLength: options.size,
            ContentType: options.contentType ?? "application/octet-stream",
            ChecksumSHA256: Buffer.from(options.sha256, "hex").toString("base64"),
          }),
          { abortSignal: abort.signal },
        )
        .then(
          () => null,
          (error: unknown) => error,
        );
      const [problem, failed] = await Promise.all([verified, upload]);
      if (problem) throw problem;
      if (failed) throw failed;
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.options.bucket,
          Key: target,
          CopySource: `${this.options.bucket}/${temporary.split("/").map(encodeURIComponent).join("/")}`,
        }),
      );
    } finally {
      await this.client
        .send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: temporary }))
        .catch(() => {});
    }
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      return answer.Body as Readable;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const answer = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      return { key, size: answer.ContentLength ?? 0, lastModified: answer.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
    );
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const base = this.options.prefix ? `${this.options.prefix}/` : "";
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: `${base}${prefix}`,
          ContinuationToken: token,
        }),
      );
      for (const item of page.Contents ?? []) {
        const key = (item.Key ?? "").slice(base.length);
        if (!key || key.startsWith(`${INCOMING}/`)) continue;
        yield { key, size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  destroy(): void {
    this.client.destroy();
  }
}
