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
 * Roles are granted to users and to teams alike, in a scope (a workspace, a deployment); in a
 * path the subject is `{userId}` or `{teamId}`, and the procedures take the scope's reference
 * with `subject: { userId } | { teamId }`.
 */
export function roleSubject<Ref extends z.ZodObject>(kind: "user" | "team", scopeRef: Ref) {
  const idField = kind === "user" ? "userId" : "teamId";
  return {
    idField,
    plural: kind === "user" ? "users" : "teams",
    Kind: kind === "user" ? "User" : "Team",
    /** The scope's reference with the subject's id field. */
    input: scopeRef.extend({ [idField]: idSchema }),
    /** The procedure's input: the scope's reference and the subject. */
    target: (input: Record<string, unknown>) => ({
      ...(Object.fromEntries(Object.keys(scopeRef.shape).map((key) => [key, input[key]])) as z.output<Ref>),
      subject: (kind === "user" ? { userId: input.userId } : { teamId: input.teamId }) as
        | { userId: string }
        | { teamId: string },
    }),
  };
}
