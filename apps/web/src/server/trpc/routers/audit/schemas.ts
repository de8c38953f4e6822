import { AUDIT_ACTOR_TYPES, AUDIT_PAGE_MAX } from "@skyport/domain";
import { z } from "zod";
import { organizationIdSchema } from "../organization/schemas.ts";

export { organizationIdSchema };

const filterText = z.string().trim().max(200, "Use at most 200 characters");

/** The filters the audit log page, the list procedure and the NDJSON export share. */
export const auditFiltersSchema = z.object({
  organizationId: organizationIdSchema,
  actorId: filterText.nullish(),
  actorType: z
    .enum(AUDIT_ACTOR_TYPES, { message: `Choose one of ${AUDIT_ACTOR_TYPES.join(", ")}` })
    .nullish(),
  action: filterText.nullish(),
  targetId: filterText.nullish(),
  targetType: filterText.nullish(),
  from: z.date({ message: "Enter a date and time" }).nullish(),
  to: z.date({ message: "Enter a date and time" }).nullish(),
});

export const auditEventSchema = z.object({
  id: z.string(),
  sequence: z.number().int(),
  occurredAt: z.date(),
  actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string(), label: z.string() }),
  action: z.string(),
  targets: z.array(z.object({ type: z.string(), id: z.string(), label: z.string().optional() })),
  context: z.object({
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
  }),
  metadata: z.record(z.string(), z.unknown()),
  previousHash: z.string(),
  hash: z.string(),
});

export const auditPageLimitSchema = z
  .number()
  .int("Use a whole number")
  .min(1, "At least 1")
  .max(AUDIT_PAGE_MAX, `At most ${AUDIT_PAGE_MAX}`);
