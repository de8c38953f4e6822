// The audit log is append-only and hash-chained. These tests tamper with it the way an
// attacker holding the database superuser would (triggers bypassed) and check that
// verification names the first broken link every time.
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import type { TransactionClient } from "@skyport/db";
import {
  type AuditAnchors,
  auditAnchorKeys,
  checkpointKey,
  type MutationContext,
  readAuditCheckpoints,
  SYSTEM_ACTOR,
  storedAuditEventHash,
  verifyAuditChain,
  writeAuditCheckpoints,
} from "@skyport/domain";
import { FileSystemObjectStore } from "@skyport/object-store";
import { worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { mutate } from "../src/shared/mutation.ts";

const { db, world } = await worldOnTestDatabase();
const owner: MutationContext = {
  db,
  actor: world.actor("organizationOwner"),
  context: { ip: "192.0.2.10", userAgent: "vitest", requestId: "req-tamper" },
};

/** A fresh organization with `count` audited changes (real rows, real mutate()). */
async function organizationWithChain(count: number): Promise<string> {
  const organization = await db.organization.create({
    data: { name: "Chain", slug: `chain-${Math.random().toString(36).slice(2)}` },
  });
  for (let i = 1; i <= count; i++) await createTeam(organization.id, `Team ${i}`);
  return organization.id;
}

function createTeam(organizationId: string, name: string) {
  // The organization is made bare (no members), so Skyport itself writes its chain.
  const system: MutationContext = { ...owner, actor: SYSTEM_ACTOR };
  return mutate(system, { permission: "team.manage", resource: { organizationId } }, async (tx) => {
    const team = await tx.team.create({ data: { organizationId, name } });
    return {
      result: team,
      audit: {
        action: "team.create",
        targets: [{ type: "team", id: team.id, label: name }],
        metadata: { name },
      },
    };
  });
}

/** Runs SQL as the superuser with triggers (the append-only guard) switched off for this transaction. */
function asSuperuser(change: (tx: TransactionClient) => Promise<unknown>) {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
    await change(tx);
  });
}

const NOT_ANCHORED = { status: "NOT_CONFIGURED", checkpoints: 0, latest: null, rejected: [] };

describe("audit chain verification", () => {
  it("verifies an untouched chain", async () => {
    const organizationId = await organizationWithChain(8);
    expect(await verifyAuditChain(db, organizationId)).toEqual({
      ok: true,
      checked: 8,
      firstBroken: null,
      anchoring: NOT_ANCHORED,
    });
  });

  it("the database refuses UPDATE and DELETE on audit events without the bypass", async () => {
    const organizationId = await organizationWithChain(2);
    await expect(
      db.$executeRaw`UPDATE "AuditEvent" SET "action" = 'x' WHERE "organizationId" = ${organizationId}`,
    ).rejects.toThrow(/append-only/);
    await expect(
      db.$executeRaw`DELETE FROM "AuditEvent" WHERE "organizationId" = ${organizationId}`,
    ).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db, organizationId)).ok).toBe(true);
  });

  it("detects an UPDATE of a row's metadata", async () => {
    const organizationId = await organizationWithChain(10);
    await asSuperuser(
      (tx) =>
        tx.$executeRaw`UPDATE "AuditEvent" SET "metadata" = '{"name":"Innocent"}'::jsonb
          WHERE "organizationId" = ${organizationId} AND "sequence" = 6`,
    );
    const report = await verifyAuditChain(db, organizationId);
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(5);
    expect(report.firstBroken?.sequence).toBe(6);
    expect(report.firstBroken?.reason).toMatch(/altered/);
  });

  it("detects a DELETE of a middle row", async () => {
    const organizationId = await organizationWithChain(10);
    await asSuperuser(
      (tx) =>
        tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "organizationId" = ${organizationId} AND "sequence" = 4`,
    );
    const report = await verifyAuditChain(db, organizationId);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ sequence: 4, eventId: null });
    expect(report.firstBroken?.reason).toMatch(/missing/);
  });

  it("detects two rows swapped (reordered)", async () => {
    const organizationId = await organizationWithChain(10);
    await asSuperuser(async (tx) => {
      const where = (sequence: number) => ({ organizationId_sequence: { organizationId, sequence } });
      await tx.auditEvent.update({ where: where(7), data: { sequence: -7 } });
      await tx.auditEvent.update({ where: where(8), data: { sequence: 7 } });
      await tx.auditEvent.update({ where: where(-7), data: { sequence: 8 } });
    });
    const report = await verifyAuditChain(db, organizationId);
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.sequence).toBe(7);
    expect(report.firstBroken?.reason).toMatch(/removed or reordered/);
  });

  it("detects a changed occurredAt", async () => {
    const organizationId = await organizationWithChain(5);
    await asSuperuser(
      (tx) =>
        tx.$executeRaw`UPDATE "AuditEvent" SET "occurredAt" = "occurredAt" - interval '1 day'
          WHERE "organizationId" = ${organizationId} AND "sequence" = 2`,
    );
    const report = await verifyAuditChain(db, organizationId);
    expect(report.firstBroken?.sequence).toBe(2);
    expect(report.firstBroken?.reason).toMatch(/altered/);
  });

  it("detects a row rewritten with a recomputed hash (its successor's link breaks)", async () => {
    const organizationId = await organizationWithChain(6);
    // Change content and store a fresh, self-consistent hash: only the chain catches it.
    await asSuperuser(async (tx) => {
      const event = await tx.auditEvent.findUniqueOrThrow({
        where: { organizationId_sequence: { organizationId, sequence: 3 } },
      });
      const metadata = { name: "Rewritten" };
      const hash = storedAuditEventHash({ ...event, metadata });
      await tx.auditEvent.update({ where: { id: event.id }, data: { metadata, hash } });
    });
    const report = await verifyAuditChain(db, organizationId);
    expect(report.firstBroken?.sequence).toBe(4);
    expect(report.firstBroken?.reason).toMatch(/previousHash/);
  });

  it("concurrent appends produce a gap-free chain that verifies", async () => {
    const organizationId = await organizationWithChain(1);
    await Promise.all(Array.from({ length: 20 }, (_, i) => createTeam(organizationId, `Parallel ${i}`)));
    const sequences = (
      await db.auditEvent.findMany({
        where: { organizationId },
        orderBy: { sequence: "asc" },
        select: { sequence: true },
      })
    ).map((e) => e.sequence);
    expect(sequences).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(await verifyAuditChain(db, organizationId)).toEqual({
      ok: true,
      checked: 21,
      firstBroken: null,
      anchoring: NOT_ANCHORED,
    });
  });
});

// Anchoring: signed checkpoints of each chain head, kept in the object store with a key from
// configuration, catch what the chain alone cannot — the newest events deleted, or the tail
// rewritten with recomputed hashes.
function ed25519Pem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

function anchorsWith(signingKey: string, trustedKeys?: string): AuditAnchors {
  const store = new FileSystemObjectStore(mkdtempSync(path.join(tmpdir(), "skyport-anchors-")));
  return {
    store,
    keys: auditAnchorKeys({ SKYPORT_AUDIT_SIGNING_KEY: signingKey, SKYPORT_AUDIT_TRUSTED_KEYS: trustedKeys }),
  };
}

async function verifyAnchored(anchors: AuditAnchors, organizationId: string) {
  return verifyAuditChain(db, organizationId, await readAuditCheckpoints(anchors, organizationId));
}

describe("audit log anchoring", () => {
  it("checkpoints only chains whose head moved, and an untouched chain verifies against them", async () => {
    const anchors = anchorsWith(ed25519Pem());
    const organizationId = await organizationWithChain(5);
    expect((await verifyAnchored(anchors, organizationId)).anchoring.status).toBe("NO_CHECKPOINT_YET");
    const first = await writeAuditCheckpoints(db, anchors, () => new Date("2026-12-05T10:00:00Z"));
    expect(first.written).toBeGreaterThanOrEqual(1);
    expect(await anchors.store.head(checkpointKey(organizationId, 5))).not.toBeNull();
    // Nothing new in this organization: no second checkpoint for it.
    await writeAuditCheckpoints(db, anchors);
    await createTeam(organizationId, "Later");
    await writeAuditCheckpoints(db, anchors, () => new Date("2026-12-05T10:05:00Z"));
    const keys: string[] = [];
    for await (const info of anchors.store.list(`audit/checkpoints/${organizationId}/`)) keys.push(info.key);
    expect(keys).toEqual([checkpointKey(organizationId, 5), checkpointKey(organizationId, 6)]);
    expect(await verifyAnchored(anchors, organizationId)).toEqual({
      ok: true,
      checked: 6,
      firstBroken: null,
      anchoring: {
        status: "ANCHORED",
        checkpoints: 2,
        latest: { sequence: 6, checkpointedAt: "2026-12-05T10:05:00.000Z" },
        rejected: [],
      },
    });
  });

  it("detects the newest events deleted by a superuser, at the exact point", async () => {
    const anchors = anchorsWith(ed25519Pem());
    const organizationId = await organizationWithChain(9);
    await writeAuditCheckpoints(db, anchors, () => new Date("2026-12-05T11:00:00Z"));
    await asSuperuser(
      (tx) =>
        tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "organizationId" = ${organizationId} AND "sequence" > 6`,
    );
    // The chain alone still verifies: truncation leaves no broken link.
    expect((await verifyAuditChain(db, organizationId)).ok).toBe(true);
    const report = await verifyAnchored(anchors, organizationId);
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(6);
    expect(report.firstBroken).toEqual({
      sequence: 7,
      eventId: null,
      reason:
        "events 7–9 were removed: the signed checkpoint of 2026-12-05T11:00:00.000Z recorded the chain up to event 9",
    });
  });

  it("detects a tail rewritten with recomputed hashes at the checkpointed event", async () => {
    const anchors = anchorsWith(ed25519Pem());
    const organizationId = await organizationWithChain(4);
    await writeAuditCheckpoints(db, anchors);
    // Rewrite event 4 and store a self-consistent hash: the chain cannot tell, the checkpoint can.
    await asSuperuser(async (tx) => {
      const event = await tx.auditEvent.findUniqueOrThrow({
        where: { organizationId_sequence: { organizationId, sequence: 4 } },
      });
      const metadata = { name: "Rewritten" };
      await tx.auditEvent.update({
        where: { id: event.id },
        data: { metadata, hash: storedAuditEventHash({ ...event, metadata }) },
      });
    });
    expect((await verifyAuditChain(db, organizationId)).ok).toBe(true);
    const report = await verifyAnchored(anchors, organizationId);
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.sequence).toBe(4);
    expect(report.firstBroken?.reason).toMatch(/differs from the signed checkpoint .*rewritten/);
  });

  it("rejects a forged checkpoint and one signed by an untrusted key, and trusts a retired key's", async () => {
    const retired = ed25519Pem();
    const oldAnchors = anchorsWith(retired);
    const organizationId = await organizationWithChain(3);
    await writeAuditCheckpoints(db, oldAnchors);
    // Rotate: a new signing key, the retired key's public half still trusted.
    const retiredPem = createPublicKey(retired).export({ type: "spki", format: "pem" }).toString();
    const anchors: AuditAnchors = {
      store: oldAnchors.store,
      keys: auditAnchorKeys({
        SKYPORT_AUDIT_SIGNING_KEY: ed25519Pem(),
        SKYPORT_AUDIT_TRUSTED_KEYS: retiredPem,
      }),
    };
    expect((await verifyAnchored(anchors, organizationId)).ok).toBe(true);
    // Without the retired key the same checkpoint is not trusted.
    const untrusting: AuditAnchors = {
      store: oldAnchors.store,
      keys: auditAnchorKeys({ SKYPORT_AUDIT_SIGNING_KEY: ed25519Pem() }),
    };
    const refused = await verifyAnchored(untrusting, organizationId);
    expect(refused.ok).toBe(false);
    expect(refused.anchoring.rejected[0]?.reason).toMatch(/not trusted/);

    // A forger who can write the store but has no key: claims the chain reached 50.
    const stored = await anchors.store.get(checkpointKey(organizationId, 3));
    if (!stored) throw new Error("the genuine checkpoint is missing");
    const genuine = JSON.parse(await text(stored));
    const forged = Buffer.from(JSON.stringify({ ...genuine, sequence: 50 }));
    await anchors.store.put(checkpointKey(organizationId, 50), forged, {
      sha256: createHash("sha256").update(forged).digest("hex"),
      size: forged.length,
    });
    const report = await verifyAnchored(anchors, organizationId);
    expect(report.ok).toBe(false);
    // The forged claim is not believed: no truncation is reported from it, the chain is intact.
    expect(report.firstBroken).toBeNull();
    expect(report.anchoring.checkpoints).toBe(1);
    expect(report.anchoring.rejected).toEqual([
      {
        key: checkpointKey(organizationId, 50),
        reason: `checkpoint ${checkpointKey(organizationId, 50)} has a signature that does not match its content (forged)`,
      },
    ]);
  });
});
