import {
  ConflictError,
  describeIssue,
  type FieldIssue,
  fieldIssuesOf,
  ValidationError,
} from "@skyport/domain";
import type { TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import { ZodError } from "zod";

export interface SkyportErrorData {
  /** Set for invalid input: the first offending field, dotted (e.g. "spec.workerQueues.0.name"). */
  field: string | null;
  /** Set for invalid input: messages by dotted field path. */
  fieldErrors: Record<string, string[]> | null;
  requestId: string | null;
}

/**
 * Shapes errors for clients: input validation failures name their fields, and unexpected
 * server errors never expose their internal message (it is logged with the request id).
 */
export function formatError({
  shape,
  error,
  requestId,
}: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
  requestId: string | null;
}): TRPCDefaultErrorShape & { data: TRPCDefaultErrorShape["data"] & SkyportErrorData } {
  const internal = error.code === "INTERNAL_SERVER_ERROR";
  const details = errorDetails(error);
  const { stack, ...data } = shape.data;
  return {
    ...shape,
    message: details.message,
    data: {
      ...data,
      // Stacks appear only in development, never for internal errors, and never when the
      // message was replaced (the original may quote a secret the request carried).
      ...(stack && !internal && details.message === error.message ? { stack } : {}),
      field: details.field,
      fieldErrors: details.fieldErrors,
      requestId,
    },
  };
}

export interface ErrorDetails {
  /** Safe to show: internal errors say only "Internal server error". */
  message: string;
  field: string | null;
  fieldErrors: Record<string, string[]> | null;
}

/**
 * What a client may learn from an error, for tRPC and the REST API alike: invalid input names
 * its fields (zod issues or a domain ValidationError), a conflict its field, and unexpected
 * server errors never expose their internal message (it is logged with the request id).
 */
export function errorDetails(error: TRPCError): ErrorDetails {
  if (error.code === "INTERNAL_SERVER_ERROR")
    return { message: "Internal server error", field: null, fieldErrors: null };
  // The JSON parser's message quotes the body around the error, and bodies carry secrets.
  if (error.code === "PARSE_ERROR" || error.cause instanceof SyntaxError)
    return { message: "the request body is not valid JSON", field: null, fieldErrors: null };
  if (error.code === "BAD_REQUEST" && error.cause instanceof ZodError) return zodErrorDetails(error.cause);
  // Domain validation and conflicts name their field too (e.g. a duplicate workspace name).
  const domainField =
    error.cause instanceof ValidationError || error.cause instanceof ConflictError
      ? (error.cause.field ?? null)
      : null;
  // Every problem at once: the message lists them all, fieldErrors marks each field.
  if (error.cause instanceof ValidationError)
    return { ...issueDetails(error.cause.issues), message: error.cause.message };
  return {
    message: error.message,
    field: domainField,
    fieldErrors: domainField ? { [domainField]: [error.message] } : null,
  };
}

/** Invalid input as a client sees it: the first issue in the message, every issue by field. */
export function zodErrorDetails(error: ZodError): ErrorDetails {
  return issueDetails(fieldIssuesOf(error));
}

/**
 * The one place a field is joined to its message (see describeIssue): messages that name their
 * field already ("name must be at most 60 characters") are never prefixed with it again.
 */
function issueDetails(issues: readonly FieldIssue[]): ErrorDetails {
  const first = issues[0];
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    if (!issue.field) continue;
    fieldErrors[issue.field] = [
      ...(fieldErrors[issue.field] ?? []),
      describeIssue(issue.field, issue.message),
    ];
  }
  return {
    message: first ? describeIssue(first.field, first.message) : "invalid input",
    field: first?.field || null,
    fieldErrors,
  };
}
