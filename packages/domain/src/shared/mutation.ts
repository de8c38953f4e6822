import type { PrismaClient, TransactionClient } from "@skyport/db";
import { type AuditTarget, recordAuditEvent } from "../audit/record.ts";
import type { Actor, RequestContext } from "./actor.ts";

export interface MutationContext {
  db: PrismaClient;
  actor: Actor;
  context: RequestContext;
}

export interface MutationOutcome<T> {
  result: T;
  audit: {
    organizationId: string;
    action: string;
    targets: AuditTarget[];
    metadata?: Record<string, unknown>;
  };
}

/**
 * Runs a change and writes its audit event in the same database transaction: either both
 * commit or neither does. Every mutating domain function goes through here.
 */
export async function mutate<T>(
  ctx: MutationContext,
  change: (tx: TransactionClient) => Promise<MutationOutcome<T>>,
): Promise<T> {
  return ctx.db.$transaction(async (tx) => {
    const { result, audit } = await change(tx);
    await recordAuditEvent(tx, { ...audit, actor: ctx.actor, context: ctx.context });
    return result;
  });
}
