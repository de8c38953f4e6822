import { verifyAuditLog } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "./schemas.ts";

export const auditVerifyInput = z.object({ organizationId: organizationIdSchema });
export const auditVerifyOutput = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z
    .object({ sequence: z.number().int(), eventId: z.string().nullable(), reason: z.string() })
    .nullable(),
});

/** Recomputes the hash chain and reports the first broken link, if any. */
export const auditVerify = protectedProcedure
  .meta({ permission: "audit.read" })
  .input(auditVerifyInput)
  .output(auditVerifyOutput)
  .query(({ ctx, input }) => verifyAuditLog(ctx.domain, input));
