import { auditEventPageSchema, listAuditEvents, listAuditEventsInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The audit log, newest first, one page at a time (organization owners only). */
export const auditList = protectedProcedure
  .meta({ permission: "audit.read" })
  .input(listAuditEventsInput)
  .output(outputView(auditEventPageSchema))
  .query(({ ctx, input }) => listAuditEvents(ctx.domain, input));
