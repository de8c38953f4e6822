import { authorize } from "../authz/authorize.ts";
import { type AuditAnchors, readAuditCheckpoints } from "./anchor.ts";
import type { AuditReadContext } from "./events.ts";
import { type AuditChainReport, verifyAuditChain } from "./verify.ts";

/**
 * Recomputes the organization's whole hash chain and reports the first broken link: an
 * altered, removed or reordered event, or — against the signed checkpoints in the object
 * store — the newest events deleted or rewritten. Organization owners only (audit.read).
 * `anchors` null: anchoring is not configured (no signing or trusted key).
 */
export async function verifyAuditLog(
  ctx: AuditReadContext,
  input: { organizationId: string },
  anchors: AuditAnchors | null,
): Promise<AuditChainReport> {
  await authorize(ctx.db, ctx.actor, "audit.read", { organizationId: input.organizationId });
  const checkpoints = anchors ? await readAuditCheckpoints(anchors, input.organizationId) : null;
  return verifyAuditChain(ctx.db, input.organizationId, checkpoints);
}
