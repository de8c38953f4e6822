import { z } from "zod";
import { idSchema, organizationIdSchema } from "../../trpc/routers/workspace/schemas.ts";

export { idSchema, organizationIdSchema };

/** An ISO 8601 date-time in JSON, a Date for the procedure (tRPC carries Dates natively). */
export const isoDateTime = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z" })
  .transform((value) => new Date(value));

export const organizationPath = z.object({ organizationId: organizationIdSchema });
