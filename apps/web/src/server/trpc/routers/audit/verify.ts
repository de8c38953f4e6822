import { auditChainReportSchema, verifyAuditLog, verifyAuditLogInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Recomputes the hash chain, checks it against the signed checkpoints, and reports the first broken link. */
export const auditVerify = protectedProcedure
  .meta({ permission: "audit.read" })
  .input(verifyAuditLogInput)
  .output(outputView(auditChainReportSchema))
  .query(({ ctx, input }) => verifyAuditLog(ctx.domain, input, ctx.services.auditAnchors));
