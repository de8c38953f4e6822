import { idSchema, isStorableDateTime, organizationIdSchema, storableDateTimeMessage } from "@skyport/domain";
import { z } from "zod";

export { idSchema, organizationIdSchema };

/** An ISO 8601 date-time in JSON, a Date for the procedure (tRPC carries Dates natively). */
export const isoDateTime = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z" })
  .transform((value) => new Date(value))
  .refine(isStorableDateTime, { error: storableDateTimeMessage() });

export const organizationPath = z.object({ organizationId: organizationIdSchema });

/**
 * Roles are granted to users and to teams alike; in a path the subject is `{userId}` or
 * `{teamId}`, and the procedures take it as `subject: { userId } | { teamId }`.
 */
export function roleSubject(kind: "user" | "team") {
  const idField = kind === "user" ? "userId" : "teamId";
  return {
    idField,
    plural: kind === "user" ? "users" : "teams",
    Kind: kind === "user" ? "User" : "Team",
    /** Adds the subject's id field to a scope's reference schema. */
    extend: <T extends z.ZodObject>(ref: T) => ref.extend({ [idField]: idSchema }),
    subjectOf: (input: Record<string, unknown>) =>
      (kind === "user" ? { userId: input.userId } : { teamId: input.teamId }) as
        | { userId: string }
        | { teamId: string },
  };
}
