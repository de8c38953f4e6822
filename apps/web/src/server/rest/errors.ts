import { DomainError, describeIssue } from "@skyport/domain";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import { errorDetails } from "../trpc/error-formatter.ts";
import { toTRPCError } from "../trpc/init.ts";

/** The error body every REST answer >= 400 carries. */
export const restErrorSchema = z.object({
  error: z.object({
    /** Stable machine-readable code: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, … */
    code: z.string(),
    message: z.string(),
    /** The first offending input field, dotted (`spec.workerQueues.0.maxWorkers`). */
    field: z.string().optional(),
    /** Every offending field with its messages. */
    fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
    requestId: z.string().optional(),
  }),
});
export type RestErrorBody = z.infer<typeof restErrorSchema>;

/** An error the REST layer itself raises (bad JSON, unknown route, bad pagination cursor). */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function badRequest(message: string, field?: string): RestError {
  return new RestError(400, "BAD_REQUEST", field ? describeIssue(field, message) : message, field);
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: status === 204 ? headers : { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/**
 * Turns any failure into the REST error body with the right HTTP status. TRPCErrors carry
 * the domain's error (mapped once, in trpc/init.ts) and its field details.
 */
export function errorResponse(error: unknown, requestId: string): { response: Response; internal: boolean } {
  if (error instanceof RestError) {
    const body: RestErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.field ? { field: error.field, fieldErrors: { [error.field]: [error.message] } } : {}),
        requestId,
      },
    };
    return { response: jsonResponse(error.status, body, error.headers), internal: false };
  }
  const trpcError =
    error instanceof TRPCError
      ? error
      : error instanceof DomainError
        ? toTRPCError(error)
        : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
  const details = errorDetails(trpcError);
  const body: RestErrorBody = {
    error: {
      code: trpcError.code,
      message: details.message,
      ...(details.field ? { field: details.field } : {}),
      ...(details.fieldErrors ? { fieldErrors: details.fieldErrors } : {}),
      requestId,
    },
  };
  const status = getHTTPStatusCodeFromError(trpcError);
  return { response: jsonResponse(status, body), internal: status >= 500 };
}
