import { authorize } from "../authz/authorize.ts";
import type { AuditReadContext } from "./events.ts";
import { type AuditChainReport, verifyAuditChain } from "./verify.ts";

/**
 * Recomputes the organization's whole hash chain and reports the first broken link: an
 * altered, removed or reordered event. Organization owners only (audit.read).
 */
export async function verifyAuditLog(
  ctx: AuditReadContext,
  input: { organizationId: string },
): Promise<AuditChainReport> {
  await authorize(ctx.db, ctx.actor, "audit.read", { organizationId: input.organizationId });
  return verifyAuditChain(ctx.db, input.organizationId);
}
