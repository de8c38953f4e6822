import { auditChainReportSchema, verifyAuditLog, verifyAuditLogInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Recomputes the hash chain and reports the first broken link, if any. */
export const auditVerify = protectedProcedure
  .meta({ permission: "audit.read" })
  .input(verifyAuditLogInput)
  .output(outputView(auditChainReportSchema))
  .query(({ ctx, input }) => verifyAuditLog(ctx.domain, input));
