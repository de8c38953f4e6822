// POST /api/v1/lineage and /lineage/batch served on node:http's own request and response,
// without the Web Request/Response that Next.js makes of every request (about a third of the
// API's CPU per event in `npm run bench:ingest`). The production server (apps/web/server.mjs)
// and the benches hand these two paths here first; everything else, and `next dev`, goes
// through the Next.js route, which runs the same answerLineageIngest (./ingest.ts). What the
// route stack adds is kept: the request id (reused when acceptable, echoed), the error
// envelope, and one request log line.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorAnswer, JSON_CONTENT_TYPE, type JsonAnswer, payloadTooLarge } from "../http-errors.ts";
import { REQUEST_ID_HEADER, resolveRequestId } from "../request-id.ts";
import { describeError } from "../request-log.ts";
import type { WebServices } from "../services.ts";
import { answerLineageIngest, type LineageRequest } from "./ingest.ts";

const SINGLE_PATH = "/api/v1/lineage";
const BATCH_PATH = "/api/v1/lineage/batch";

/** Which ingest endpoint a request is for; null for every other request. */
export function lineageEndpoint(
  method: string | undefined,
  url: string | undefined,
): "single" | "batch" | null {
  if (method !== "POST" || !url) return null;
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  if (path === SINGLE_PATH) return "single";
  if (path === BATCH_PATH) return "batch";
  return null;
}

function firstHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/**
 * The body of a node request, refused with 413 as soon as it passes `limit` (declared or
 * streamed): a huge body is never buffered whole.
 */
function readNodeBody(request: IncomingMessage, limit: number, refused: () => void): Promise<Buffer> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    refused();
    return Promise.reject(payloadTooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanUp();
        request.pause();
        refused();
        reject(payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const cleanUp = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
  });
}

function write(response: ServerResponse, answer: JsonAnswer, requestId: string, close: boolean) {
  const text = JSON.stringify(answer.body);
  // Headers as a flat list: node:http takes it without building and checking an object.
  const headers = ["content-type", JSON_CONTENT_TYPE, "content-length", String(Buffer.byteLength(text))];
  for (const [name, value] of Object.entries(answer.headers)) headers.push(name, String(value));
  headers.push(REQUEST_ID_HEADER, requestId);
  // A body refused for its size: close the connection rather than read (and drop) the rest.
  if (close) headers.push("connection", "close");
  response.writeHead(answer.status, headers);
  response.end(text);
}

/** Serves one ingest request (`endpoint` from lineageEndpoint) on node:http. */
export async function serveLineageOnNode(
  request: IncomingMessage,
  response: ServerResponse,
  services: WebServices,
  endpoint: "single" | "batch",
): Promise<void> {
  const started = performance.now();
  const requestId = resolveRequestId(firstHeader(request.headers[REQUEST_ID_HEADER]));
  let tooLarge = false;
  const lineageRequest: LineageRequest = {
    header: (name) => firstHeader(request.headers[name]),
    body: (limit) =>
      readNodeBody(request, limit, () => {
        tooLarge = true;
      }),
  };
  let answer: JsonAnswer;
  try {
    answer = await answerLineageIngest(lineageRequest, services, requestId, endpoint);
  } catch (error) {
    const failure = errorAnswer(error, requestId);
    if (failure.internal) {
      services.logger.error({ requestId, err: describeError(error) }, "REST request failed");
    }
    answer = failure.answer;
  }
  write(response, answer, requestId, tooLarge);
  services.logger.info(
    {
      requestId,
      method: "POST",
      path: endpoint === "single" ? SINGLE_PATH : BATCH_PATH,
      status: answer.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    },
    "request",
  );
}

/**
 * The node:http routes served before Next.js: `(request, response) => true` when it took the
 * request (the ingest endpoints), false to let the caller pass it on.
 */
export function nodeRoutes(services: WebServices) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const endpoint = lineageEndpoint(request.method, request.url);
    if (!endpoint) return false;
    serveLineageOnNode(request, response, services, endpoint).catch((error: unknown) => {
      services.logger.error({ err: describeError(error) }, "lineage request failed");
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
    return true;
  };
}
