import type { TransactionClient } from "@skyport/db";
import type { AuditTarget } from "../audit/record.ts";
import type { Db } from "../authz/authorize.ts";
import { ConflictError, NotFoundError } from "../shared/errors.ts";
import type { AuditEntry } from "../shared/mutation.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import type { RoleSubject } from "./role-bindings.types.ts";

export type { RoleSubject };

export type ResolvedSubject =
  | { type: "user"; id: string; name: string; email: string }
  | { type: "team"; id: string; name: string };

/**
 * Resolves a subject inside one organization: a user must be a member of it, a team must
 * belong to it. Anything else answers NOT_FOUND, exactly like an unknown id.
 */
export async function resolveSubject(
  db: Db,
  organizationId: string,
  subject: RoleSubject,
): Promise<ResolvedSubject> {
  if (subject.userId !== undefined) {
    const membership = await db.organizationMembership.findUnique({
      where: { organizationId_userId: { organizationId, userId: subject.userId } },
      select: { user: { select: { id: true, name: true, email: true } } },
    });
    if (!membership) throw new NotFoundError("user");
    return { type: "user", ...membership.user };
  }
  const team = await db.team.findFirst({
    where: { id: subject.teamId, organizationId },
    select: { id: true, name: true },
  });
  if (!team) throw new NotFoundError("team");
  return { type: "team", ...team };
}

/** The binding columns that select a subject. */
export function subjectColumns(subject: ResolvedSubject): { userId: string } | { teamId: string } {
  return subject.type === "user" ? { userId: subject.id } : { teamId: subject.id };
}

export function subjectTarget(subject: ResolvedSubject): AuditTarget {
  return subject.type === "user"
    ? { type: "user", id: subject.id, label: subject.email }
    : { type: "team", id: subject.id, label: subject.name };
}

export function describeSubject(subject: ResolvedSubject): string {
  return subject.type === "user" ? subject.email : `team “${subject.name}”`;
}

/** The WHERE fragment that finds a subject's binding: by user or by team. */
export function subjectWhere(subject: RoleSubject): { userId: string } | { teamId: string } {
  return subject.userId !== undefined ? { userId: subject.userId } : { teamId: subject.teamId };
}

/** What a binding query selects so its subject can be resolved with `subjectOfBinding`. */
export const BINDING_SUBJECT_SELECT = {
  id: true,
  role: true,
  user: { select: { id: true, name: true, email: true } },
  team: { select: { id: true, name: true } },
} as const;

/** The user or team a binding (selected with BINDING_SUBJECT_SELECT) names, if any. */
export function subjectOfBinding(binding: {
  user: { id: string; name: string; email: string } | null;
  team: { id: string; name: string } | null;
}): ResolvedSubject | null {
  if (binding.user) return { type: "user", ...binding.user };
  if (binding.team) return { type: "team", ...binding.team };
  return null;
}

/** The binding a lookup found and the user or team it names; NOT_FOUND (`what`) when there is none. */
export function boundSubject<
  B extends {
    user: { id: string; name: string; email: string } | null;
    team: { id: string; name: string } | null;
  },
>(binding: B | null, what: string): { binding: B; subject: ResolvedSubject } {
  const subject = binding ? subjectOfBinding(binding) : null;
  if (!binding || !subject) throw new NotFoundError(what);
  return { binding, subject };
}

/**
 * Creates a binding unless the subject already holds one: refused with `alreadyHeld` when the
 * lookup finds one, or when the unique index catches a concurrent grant.
 */
export async function createUniqueBinding<T>(
  existing: Promise<unknown>,
  create: () => Promise<T>,
  alreadyHeld: () => Error,
): Promise<T> {
  if (await existing) throw alreadyHeld();
  return create().catch((error: unknown) => {
    throw isUniqueViolation(error) ? alreadyHeld() : error;
  });
}

/** The audit entry of a role binding change: the scope (deployment or workspace), the subject, the role's move. */
export function bindingAudit(
  action: string,
  scope: AuditTarget,
  subject: ResolvedSubject,
  role: { from: string | null; to: string | null },
): AuditEntry {
  return { action, targets: [scope, subjectTarget(subject)], metadata: { role } };
}

/**
 * Grants a binding to a member of the organization or one of its teams: resolves the subject,
 * then creates its binding with `create` unless `existing` finds one (ConflictError on
 * `subject` with the message `alreadyHeld` gives for the subject's description).
 */
export async function grantBinding<T>(
  tx: TransactionClient,
  organizationId: string,
  wanted: RoleSubject,
  binding: {
    existing: (columns: ReturnType<typeof subjectColumns>) => Promise<unknown>;
    create: (columns: ReturnType<typeof subjectColumns>) => Promise<T>;
    alreadyHeld: (subject: string) => string;
  },
): Promise<{ subject: ResolvedSubject; binding: T }> {
  const subject = await resolveSubject(tx, organizationId, wanted);
  const columns = subjectColumns(subject);
  const created = await createUniqueBinding(
    binding.existing(columns),
    () => binding.create(columns),
    () => new ConflictError(binding.alreadyHeld(describeSubject(subject)), "subject"),
  );
  return { subject, binding: created };
}
