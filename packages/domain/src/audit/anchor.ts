// Audit log anchoring. The hash chain proves that no event was altered, removed or reordered
// *inside* the chain, but whoever can write the database can delete the newest events (or
// rewrite the tail and recompute its hashes) without a trace. So the worker periodically signs
// each organization's chain head — {organizationId, sequence, hash} — with an Ed25519 key held
// in configuration, outside the database, and ships the signed checkpoint to the object store.
// Verification checks the chain against every checkpoint: a head below a checkpoint is
// truncation, a different hash at a checkpointed sequence is a rewrite, and a checkpoint
// whose signature no trusted key made is reported as forged.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { text } from "node:stream/consumers";
import { splitPemList } from "@skyport/config";
import type { ObjectStore } from "@skyport/object-store";
import canonicalize from "canonicalize";
import type { Db } from "../authz/authorize.ts";

/** The signing key and the keys whose signatures verification accepts. */
export interface AuditAnchorKeys {
  /** Signs new checkpoints; null: the worker writes none. */
  signing: { keyId: string; privateKey: KeyObject } | null;
  /** Public keys by key id: the signing key's and those of retired keys. */
  trusted: Map<string, KeyObject>;
}

export interface AuditAnchors {
  store: ObjectStore;
  keys: AuditAnchorKeys;
}

/** A key's id: the first 16 hex digits of the SHA-256 of its public key (SPKI DER). */
export function auditKeyId(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex")
    .slice(0, 16);
}

/** The keys from configuration (SKYPORT_AUDIT_SIGNING_KEY, SKYPORT_AUDIT_TRUSTED_KEYS), already validated. */
export function auditAnchorKeys(config: {
  SKYPORT_AUDIT_SIGNING_KEY?: string | undefined;
  SKYPORT_AUDIT_TRUSTED_KEYS?: string | undefined;
}): AuditAnchorKeys {
  const trusted = new Map<string, KeyObject>();
  let signing: AuditAnchorKeys["signing"] = null;
  if (config.SKYPORT_AUDIT_SIGNING_KEY) {
    const privateKey = createPrivateKey(config.SKYPORT_AUDIT_SIGNING_KEY);
    const publicKey = createPublicKey(privateKey);
    signing = { keyId: auditKeyId(publicKey), privateKey };
    trusted.set(signing.keyId, publicKey);
  }
  for (const pem of splitPemList(config.SKYPORT_AUDIT_TRUSTED_KEYS ?? "")) {
    const publicKey = createPublicKey(pem);
    trusted.set(auditKeyId(publicKey), publicKey);
  }
  return { signing, trusted };
}

/** What a checkpoint asserts; the signature covers its canonical (RFC 8785) JSON. */
export interface CheckpointClaim {
  version: 1;
  organizationId: string;
  sequence: number;
  hash: string;
  checkpointedAt: string;
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointClaim {
  /** Ed25519 signature over the canonical claim, base64. */
  signature: string;
}

function claimBytes(claim: CheckpointClaim): Buffer {
  const { version, organizationId, sequence, hash, checkpointedAt, keyId } = claim;
  const canonical = canonicalize({ version, organizationId, sequence, hash, checkpointedAt, keyId });
  if (canonical === undefined) throw new Error("checkpoint cannot be canonicalized");
  return Buffer.from(canonical, "utf8");
}

const PREFIX = "audit/checkpoints";

/** Checkpoint keys sort by sequence (zero-padded), so the store's key order is chain order. */
export function checkpointKey(organizationId: string, sequence: number): string {
  return `${PREFIX}/${organizationId}/${String(sequence).padStart(12, "0")}.json`;
}

/**
 * Signs and ships a checkpoint for every organization whose chain head moved since its last
 * one. Returns how many were written. Run by the worker on an interval.
 */
export async function writeAuditCheckpoints(
  db: Db,
  anchors: AuditAnchors,
  now: () => Date = () => new Date(),
): Promise<{ written: number }> {
  const signing = anchors.keys.signing;
  if (!signing) return { written: 0 };
  const heads = await db.$queryRaw<{ organizationId: string; sequence: number; hash: string }[]>`
    SELECT e."organizationId", e."sequence", e."hash"
    FROM (SELECT "organizationId", max("sequence") AS "sequence" FROM "AuditEvent" GROUP BY 1) h
    JOIN "AuditEvent" e ON e."organizationId" = h."organizationId" AND e."sequence" = h."sequence"
    LEFT JOIN (SELECT "organizationId", max("sequence") AS "sequence" FROM "AuditCheckpoint" GROUP BY 1) c
      ON c."organizationId" = h."organizationId"
    WHERE c."sequence" IS NULL OR c."sequence" < h."sequence"`;
  let written = 0;
  for (const head of heads) {
    const claim: CheckpointClaim = {
      version: 1,
      organizationId: head.organizationId,
      sequence: head.sequence,
      hash: head.hash,
      checkpointedAt: now().toISOString(),
      keyId: signing.keyId,
    };
    const signed: SignedCheckpoint = {
      ...claim,
      signature: sign(null, claimBytes(claim), signing.privateKey).toString("base64"),
    };
    const body = Buffer.from(`${JSON.stringify(signed, null, 2)}\n`);
    const key = checkpointKey(head.organizationId, head.sequence);
    await anchors.store.put(key, body, {
      sha256: createHash("sha256").update(body).digest("hex"),
      size: body.length,
      contentType: "application/json",
    });
    await db.auditCheckpoint.upsert({
      where: { organizationId_sequence: { organizationId: head.organizationId, sequence: head.sequence } },
      create: { ...head, objectKey: key, keyId: signing.keyId },
      update: {},
    });
    written++;
  }
  return { written };
}

/** One checkpoint as verification read it from the object store. */
export type CheckpointReading =
  | { key: string; valid: true; checkpoint: SignedCheckpoint }
  | { key: string; valid: false; reason: string };

function parseCheckpoint(
  key: string,
  raw: string,
  organizationId: string,
  keys: AuditAnchorKeys,
): CheckpointReading {
  let value: SignedCheckpoint;
  try {
    value = JSON.parse(raw) as SignedCheckpoint;
  } catch {
    return { key, valid: false, reason: "is not JSON" };
  }
  if (
    value?.version !== 1 ||
    typeof value.sequence !== "number" ||
    typeof value.hash !== "string" ||
    typeof value.signature !== "string" ||
    typeof value.keyId !== "string" ||
    typeof value.checkpointedAt !== "string"
  ) {
    return { key, valid: false, reason: "is not a version 1 checkpoint" };
  }
  const publicKey = keys.trusted.get(value.keyId);
  if (!publicKey)
    return { key, valid: false, reason: `is signed by key ${value.keyId}, which is not trusted` };
  const authentic = verify(null, claimBytes(value), publicKey, Buffer.from(value.signature, "base64"));
  if (!authentic)
    return { key, valid: false, reason: "has a signature that does not match its content (forged)" };
  if (value.organizationId !== organizationId || key !== checkpointKey(organizationId, value.sequence)) {
    return { key, valid: false, reason: "belongs to another organization or position (moved)" };
  }
  return { key, valid: true, checkpoint: value };
}

/** Every checkpoint shipped for the organization, in sequence order, each checked. */
export async function readAuditCheckpoints(
  anchors: AuditAnchors,
  organizationId: string,
): Promise<CheckpointReading[]> {
  const readings: CheckpointReading[] = [];
  for await (const info of anchors.store.list(`${PREFIX}/${organizationId}/`)) {
    const body = await anchors.store.get(info.key);
    if (!body) continue;
    readings.push(parseCheckpoint(info.key, await text(body), organizationId, anchors.keys));
  }
  return readings;
}
