// The one error envelope of every HTTP surface (REST, the tRPC endpoint's HTTP-level failures,
// the Clerk webhook, route handlers' unhandled errors):
//
//   { "error": { "code", "message", "field"?, "fieldErrors"?, "requestId" } }
//
// with the status that goes with the code, and one body-size limit for every JSON body.
import { isDatabaseOverloaded } from "@skyport/db";
import { DomainError } from "@skyport/domain";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import { errorDetails } from "./trpc/error-formatter.ts";
import { toTRPCError } from "./trpc/init.ts";

/** The largest request body any JSON endpoint reads (REST, tRPC, webhooks). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The error body every answer >= 400 carries. */
export const errorEnvelopeSchema = z.object({
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
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** A failure an HTTP entry point raises itself (bad JSON, too large, unknown route, …). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function payloadTooLarge(limit = MAX_BODY_BYTES): HttpError {
  return new HttpError(
    413,
    "PAYLOAD_TOO_LARGE",
    `the request body is larger than ${limit / 1024 / 1024} MiB (${limit} bytes)`,
  );
}

/** The database stayed saturated: come back shortly (never a 500). */
export function serviceUnavailable(): HttpError {
  return new HttpError(503, "SERVICE_UNAVAILABLE", "Skyport is busy; retry in a moment", undefined, {
    "retry-after": "1",
  });
}

/**
 * Reads a request body, refusing it with 413 as soon as it passes `limit` bytes (declared or
 * streamed): a huge body is never buffered whole.
 */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw payloadTooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** {@link readBodyBytes} decoded as UTF-8 text. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return (await readBodyBytes(request, limit)).toString("utf8");
}

/**
 * A JSON answer before it is written: what a Web `Response` (jsonResponse) or a node:http
 * response (src/server/lineage/node.ts) is made from.
 */
export interface JsonAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: status === 204 ? headers : { "content-type": JSON_CONTENT_TYPE, ...headers },
  });
}

/** The envelope answer for a status, code and message, as a plain answer. */
export function errorEnvelopeAnswer(
  status: number,
  error: Omit<ErrorEnvelope["error"], "requestId">,
  requestId: string,
  headers: Record<string, string> = {},
): JsonAnswer {
  const body: ErrorEnvelope = { error: { ...error, requestId } };
  return { status, body, headers: { "cache-control": "no-store", ...headers } };
}

function unwrap(error: unknown): unknown {
  return error instanceof TRPCError && error.cause ? error.cause : error;
}

/**
 * Turns any failure into the envelope with the right HTTP status: HttpErrors as raised,
 * domain errors and TRPCErrors through the one domain → code mapping (trpc/init.ts), database
 * overload as 503 with Retry-After, anything else as 500 (`internal`: the caller logs it).
 */
export function errorAnswer(error: unknown, requestId: string): { answer: JsonAnswer; internal: boolean } {
  if (error instanceof HttpError) {
    const answer = errorEnvelopeAnswer(
      error.status,
      {
        code: error.code,
        message: error.message,
        ...(error.field ? { field: error.field, fieldErrors: { [error.field]: [error.message] } } : {}),
      },
      requestId,
      error.headers,
    );
    return { answer, internal: error.status >= 500 };
  }
  if (isDatabaseOverloaded(unwrap(error))) return errorAnswer(serviceUnavailable(), requestId);
  const trpcError =
    error instanceof TRPCError
      ? error
      : error instanceof DomainError
        ? toTRPCError(error)
        : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
  const details = errorDetails(trpcError);
  const status = getHTTPStatusCodeFromError(trpcError);
  const answer = errorEnvelopeAnswer(
    status,
    {
      code: trpcError.code,
      message: details.message,
      ...(details.field ? { field: details.field } : {}),
      ...(details.fieldErrors ? { fieldErrors: details.fieldErrors } : {}),
    },
    requestId,
  );
  return { answer, internal: status >= 500 };
}

/** {@link errorAnswer} as a Web `Response`. */
export function errorResponse(error: unknown, requestId: string): { response: Response; internal: boolean } {
  const { answer, internal } = errorAnswer(error, requestId);
  return { response: jsonResponse(answer.status, answer.body, answer.headers), internal };
}
