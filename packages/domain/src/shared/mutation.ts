import type { PrismaClient, TransactionClient } from "@skyport/db";
import { type AuditTarget, recordAuditEvent } from "../audit/record.ts";
import { type Access, type AccessTarget, authorize } from "../authz/authorize.ts";
import type { Action } from "../authz/permissions.ts";
import type { Actor, RequestContext } from "./actor.ts";
import { NotFoundError } from "./errors.ts";
import { isRecordNotFound } from "./prisma-errors.ts";

export interface MutationContext {
  db: PrismaClient;
  actor: Actor;
  context: RequestContext;
}

/** What a change records in the audit log (its organization is the authorized resource's). */
export interface AuditEntry {
  action: string;
  targets: AuditTarget[];
  metadata?: Record<string, unknown>;
}

export interface MutationOutcome<T> {
  result: T;
  audit: AuditEntry;
}

/** The permission a change needs, and where: the tenant floor and role check `mutate` runs first. */
export interface MutationPermission {
  permission: Action;
  resource: AccessTarget;
}

/**
 * The one way the domain writes on behalf of a caller. Inside one database transaction it
 *  1. authorizes the actor for `permission` on `resource` (NOT_FOUND across tenants,
 *     FORBIDDEN for a weak role) — before the change sees the input, so a caller without
 *     the right learns nothing from validation messages;
 *  2. runs the change, which validates and writes;
 *  3. appends exactly one audit event to the resource's organization.
 * Either all of it commits or none of it does.
 */
export async function mutate<T>(
  ctx: MutationContext,
  required: MutationPermission,
  change: (tx: TransactionClient, access: Access) => Promise<MutationOutcome<T>>,
): Promise<T>;
/**
 * @deprecated The change authorizes itself. Kept only for the environment module until it moves
 * to the authorized form above; not exported from the package.
 */
export async function mutate<T>(
  ctx: MutationContext,
  change: (tx: TransactionClient) => Promise<LegacyMutationOutcome<T>>,
): Promise<T>;
export async function mutate<T>(
  ctx: MutationContext,
  requiredOrChange: MutationPermission | ((tx: TransactionClient) => Promise<LegacyMutationOutcome<T>>),
  change?: (tx: TransactionClient, access: Access) => Promise<MutationOutcome<T>>,
): Promise<T> {
  if (typeof requiredOrChange === "function") {
    return ctx.db.$transaction(async (tx) => {
      const { result, audit } = await requiredOrChange(tx);
      await recordAuditEvent(tx, { ...audit, actor: ctx.actor, context: ctx.context });
      return result;
    });
  }
  const required = requiredOrChange;
  if (!change) throw new TypeError("mutate() needs a change");
  return ctx.db
    .$transaction(async (tx) => {
      const access = await authorize(tx, ctx.actor, required.permission, required.resource);
      const { result, audit } = await change(tx, access);
      await recordAuditEvent(tx, {
        ...audit,
        organizationId: required.resource.organizationId,
        actor: ctx.actor,
        context: ctx.context,
      });
      return result;
    })
    .catch((error: unknown) => {
      // What the change read was deleted by a request racing it: the same answer as if it had
      // never existed (nothing was written), not an internal error.
      if (isRecordNotFound(error)) throw new NotFoundError(permissionNoun(required.permission));
      throw error;
    });
}

/** The outcome of a change that answers a view: that view, audited as `action` on `targets`. */
export function viewOutcome<V>(
  view: V,
  action: string,
  targets: AuditTarget[],
  metadata: Record<string, unknown>,
): MutationOutcome<V> {
  return { result: view, audit: { action, targets, metadata } };
}

/**
 * Checks outside a transaction that the caller may do `required` (a read): the same tenant
 * floor and role check `mutate` runs first.
 */
export async function authorizeRead(
  ctx: Pick<MutationContext, "db" | "actor">,
  required: MutationPermission,
): Promise<Access> {
  return authorize(ctx.db, ctx.actor, required.permission, required.resource);
}

/** The thing an action is about, in words: "report.workspace.manage" → "report",
 * "notificationChannel.update" → "notification channel". */
function permissionNoun(permission: string): string {
  return (permission.split(".")[0] ?? "object").replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

/** The legacy outcome names its organization itself. */
export interface LegacyMutationOutcome<T> {
  result: T;
  audit: AuditEntry & { organizationId: string };
}

/**
 * Why a change may be written without a role in the organization it touches. The list is
 * closed on purpose: each entry is a proof other than a role, checked by its own function.
 *  - "organization-creation": a signed-in person creates an organization (they become its owner);
 *  - "sign-up": a new person creates their account and first organization;
 *  - "invitation-acceptance": the signed invitation link (and the invited e-mail) is the grant;
 *  - "clerk-sync": a Svix-verified Clerk webhook delivery mirrors Clerk's state;
 *  - "data-key-rotation": an operator's command on the server (SKYPORT_KEK holder);
 *  - "report-subscription-link": a signed, unexpired confirm/unsubscribe link of a report's subscriber.
 *  - "stripe-sync": Skyport's billing mirror converging to what Stripe's API says.
 */
export type GroundsWithoutRole =
  | "organization-creation"
  | "sign-up"
  | "invitation-acceptance"
  | "clerk-sync"
  | "data-key-rotation"
  | "report-subscription-link"
  | "stripe-sync";

/**
 * Records the audit event of a change written on `grounds` other than a role (see
 * GroundsWithoutRole), inside that change's transaction. The only audit writer besides
 * `mutate`; internal to the domain package.
 */
export async function auditWithoutRole(
  tx: TransactionClient,
  grounds: GroundsWithoutRole,
  event: AuditEntry & { organizationId: string; actor: Actor; context: RequestContext },
): Promise<void> {
  void grounds;
  await recordAuditEvent(tx, event);
}

/** A transaction that writes on `grounds` other than a role and audits its one change. */
export async function mutateWithoutRole<T>(
  ctx: MutationContext,
  grounds: GroundsWithoutRole,
  change: (tx: TransactionClient) => Promise<LegacyMutationOutcome<T>>,
): Promise<T> {
  return ctx.db.$transaction(async (tx) => {
    const { result, audit } = await change(tx);
    await auditWithoutRole(tx, grounds, { ...audit, actor: ctx.actor, context: ctx.context });
    return result;
  });
}
