// The audit log is append-only and hash-chained. These tests tamper with it the way an
// attacker holding the database superuser would (triggers bypassed) and check that
// verification names the first broken link every time.
import type { TransactionClient } from "@skyport/db";
import { type MutationContext, SYSTEM_ACTOR, storedAuditEventHash, verifyAuditChain } from "@skyport/domain";
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

describe("audit chain verification", () => {
  it("verifies an untouched chain", async () => {
    const organizationId = await organizationWithChain(8);
    expect(await verifyAuditChain(db, organizationId)).toEqual({ ok: true, checked: 8, firstBroken: null });
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
    expect(await verifyAuditChain(db, organizationId)).toEqual({ ok: true, checked: 21, firstBroken: null });
  });
});
