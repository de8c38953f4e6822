// Helpers for the workspace, team and role-binding tests: mutation contexts for an actor,
// and a way to see exactly which audit events (and how many) a call wrote.
import type { PrismaClient } from "@skyport/db";
import type { Actor, MutationContext } from "@skyport/domain";
import { createTestDatabase, type Persona, type World } from "@skyport/testing";

export function contextFor(db: PrismaClient, actor: Actor): MutationContext {
  return { db, actor, context: { ip: "198.51.100.4", userAgent: "vitest", requestId: "req-test" } };
}

/** This file's own database and `as(world, persona)` on it (see personaContexts). */
export async function personaDatabase() {
  const { db } = await createTestDatabase();
  return { db, as: personaContexts(db) };
}

/** `as(world, persona)`: a mutation context acting as one of the world's personas, on this database. */
export function personaContexts(db: PrismaClient) {
  return (world: World, persona: Persona): MutationContext => contextFor(db, world.actor(persona));
}

export interface AuditRow {
  action: string;
  targets: unknown;
  metadata: unknown;
}

type AuditTarget = { type: string; id: string; label: string };

/** The audit event a role change writes: `action` on `resource` for `subject`, role `from` → `to`. */
export function roleChangeEvent(
  action: string,
  resource: AuditTarget,
  subject: AuditTarget,
  role: { from: string | null; to: string | null },
): AuditRow {
  return { action, targets: [resource, subject], metadata: { role } };
}

/** The world's workspace ("Analytics") as an audit target. */
export function analyticsTarget(world: { workspaceId: string }): AuditTarget {
  return { type: "workspace", id: world.workspaceId, label: "Analytics" };
}

/**
 * Runs `fn` and returns its outcome plus the audit events written meanwhile in the given
 * organizations. Errors are captured, not thrown, so callers can assert "refused and
 * nothing written".
 */
export async function withAudit<T>(
  db: PrismaClient,
  organizationIds: string[],
  fn: () => Promise<T>,
): Promise<{ result?: T; error?: unknown; events: AuditRow[] }> {
  const where = { organizationId: { in: organizationIds } };
  const before = await db.auditEvent.findMany({ where, select: { id: true } });
  const seen = new Set(before.map((e) => e.id));
  let result: T | undefined;
  let error: unknown;
  try {
    result = await fn();
  } catch (caught) {
    error = caught;
  }
  const after = await db.auditEvent.findMany({
    where,
    orderBy: [{ occurredAt: "asc" }, { sequence: "asc" }],
    select: { id: true, action: true, targets: true, metadata: true },
  });
  const events = after.filter((e) => !seen.has(e.id)).map(({ id: _id, ...e }) => e);
  return { result, error, events };
}

/** Total rows of the tables these domains write, to assert that a refused call wrote nothing. */
export async function rowCounts(db: PrismaClient) {
  const [workspaces, workspaceBindings, teams, teamMemberships, deploymentBindings, deployments, audit] =
    await Promise.all([
      db.workspace.count(),
      db.workspaceRoleBinding.count(),
      db.team.count(),
      db.teamMembership.count(),
      db.deploymentRoleBinding.count(),
      db.deployment.count(),
      db.auditEvent.count(),
    ]);
  return { workspaces, workspaceBindings, teams, teamMemberships, deploymentBindings, deployments, audit };
}
