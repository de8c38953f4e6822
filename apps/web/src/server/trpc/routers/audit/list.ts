import { listAuditEvents } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { auditEventSchema, auditFiltersSchema, auditPageLimitSchema } from "./schemas.ts";

export const auditListInput = auditFiltersSchema.extend({
  cursor: z.string().max(100, "Not a cursor").nullish(),
  limit: auditPageLimitSchema.nullish(),
});
export const auditListOutput = z.object({
  events: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
});

/** The audit log, newest first, one page at a time (organization owners only). */
export const auditList = protectedProcedure
  .meta({ permission: "audit.read" })
  .input(auditListInput)
  .output(auditListOutput)
  .query(({ ctx, input }) => listAuditEvents(ctx.domain, input));
