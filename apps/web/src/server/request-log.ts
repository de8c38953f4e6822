import type { Logger } from "@skyport/logger";
import { redactUrl } from "@skyport/logger";
import { errorResponse } from "./http-errors.ts";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request-id.ts";
import { getServices } from "./services.ts";

export interface RequestScope {
  requestId: string;
  /** A child logger that stamps every line with the request id. */
  logger: Logger;
}

type Handler<Context> = (request: Request, scope: RequestScope, context: Context) => Promise<Response>;

/**
 * Wraps a route handler: one JSON log line per request (method, path, status, durationMs,
 * requestId) and the request id echoed on the response. Only the path is logged, never
 * the query string or headers, which can carry credentials.
 */
export function withRequestLog<Context>(handler: Handler<Context>) {
  return async (request: Request, context: Context): Promise<Response> => {
    const started = performance.now();
    // The proxy has already assigned an id; resolving again covers requests it skipped.
    const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
    const logger = getServices().logger.child({ requestId });
    let response: Response;
    try {
      response = await handler(request, { requestId, logger }, context);
    } catch (error) {
      const answer = errorResponse(error, requestId);
      if (answer.internal) logger.error({ err: describeError(error) }, "unhandled error in route handler");
      response = answer.response;
    }
    setHeader(response, REQUEST_ID_HEADER, requestId);
    logger.info(
      {
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
    return response;
  };
}

function setHeader(response: Response, name: string, value: string): void {
  try {
    response.headers.set(name, value);
  } catch {
    // Some responses (e.g. Response.redirect) have immutable headers; the proxy set it anyway.
  }
}

/** An error summary safe for logs: connection strings in messages are redacted. */
export function describeError(error: unknown): { name: string; message: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return { name, message: message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, (url) => redactUrl(url)) };
}
