import type { Logger } from "@skyport/logger";
import { TRPCError } from "@trpc/server";
import { handleLineageIngest } from "../lineage/ingest.ts";
import { describeError } from "../request-log.ts";
import type { WebServices } from "../services.ts";
import { createTRPCContext } from "../trpc/context.ts";
import { createCaller } from "../trpc/router.ts";
import { errorResponse, jsonResponse, RestError } from "./errors.ts";
import {
  claimOrReplay,
  completeIdempotencyKey,
  readIdempotencyKey,
  releaseIdempotencyKey,
} from "./idempotency.ts";
import { readInput } from "./input.ts";
import { openApiDocument } from "./openapi.ts";
import { pageRequest, paginateInMemory } from "./pagination.ts";
import { restMatcher } from "./routes/index.ts";

export const API_PREFIX = "/api/v1";

interface RequestScope {
  requestId: string;
  logger: Logger;
}

/** Serves one request to the public REST API (`/api/v1/...`). */
export async function handleRestRequest(
  request: Request,
  services: WebServices,
  scope: RequestScope,
): Promise<Response> {
  try {
    const response = await dispatch(request, services, scope);
    response.headers.set("x-request-id", scope.requestId);
    return response;
  } catch (error) {
    const { response, internal } = errorResponse(error, scope.requestId);
    if (internal) scope.logger.error({ err: describeError(unwrap(error)) }, "REST request failed");
    response.headers.set("x-request-id", scope.requestId);
    return response;
  }
}

function unwrap(error: unknown): unknown {
  return error instanceof TRPCError && error.cause ? error.cause : error;
}

async function dispatch(request: Request, services: WebServices, scope: RequestScope): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(API_PREFIX)
    ? url.pathname.slice(API_PREFIX.length) || "/"
    : url.pathname;
  const method = request.method.toUpperCase();

  // OpenLineage ingest: authenticated by a deployment's ingest token, not as a caller.
  if (method === "POST" && (path === "/lineage" || path === "/lineage/batch")) {
    return handleLineageIngest(request, services, scope.requestId, path === "/lineage" ? "single" : "batch");
  }
  if (path === "/openapi.json" && method === "GET") {
    return jsonResponse(200, openApiDocument(services.config.SKYPORT_PUBLIC_URL ?? url.origin));
  }
  const match = restMatcher(method, path);
  if (match.kind === "not-found") {
    throw new RestError(
      404,
      "NOT_FOUND",
      `no API operation at ${method} ${API_PREFIX}${path} (see ${API_PREFIX}/openapi.json)`,
    );
  }
  if (match.kind === "method-not-allowed") {
    throw new RestError(
      405,
      "METHOD_NOT_ALLOWED",
      `${method} is not allowed here; use ${match.allowed.join(", ")}`,
      undefined,
      {
        allow: match.allowed.join(", "),
      },
    );
  }
  const { route, params } = match;

  const ctx = await createTRPCContext({
    requestId: scope.requestId,
    logger: scope.logger,
    services,
    headers: request.headers,
  });
  if (route.auth === "caller") {
    if (ctx.authError) throw ctx.authError;
    if (!ctx.actor) {
      throw new RestError(401, "UNAUTHORIZED", "sign in or send an API token (Authorization: Bearer skp_…)");
    }
  }

  const { input, body } = await readInput(route, request, url.searchParams, params);
  const page = route.paginated ? pageRequest(url.searchParams) : null;
  const run = async (): Promise<{ status: number; body: unknown; raw?: Response }> => {
    const result = await route.handle({
      caller: createCaller(ctx),
      input: page ? { ...input, cursor: page.cursor, limit: page.limit } : input,
      ctx,
      request,
    });
    if (result instanceof Response) return { status: result.status, body: null, raw: result };
    if (page && Array.isArray(result)) {
      // A procedure that still answers a whole list (see paginateInMemory).
      const keyOf =
        typeof route.paginated === "function" ? route.paginated : (item: { id: string }) => item.id;
      return {
        status: route.status,
        body: paginateInMemory(result, page, keyOf as (item: unknown) => string),
      };
    }
    return { status: route.status, body: route.status === 204 ? null : result };
  };

  const key = route.idempotent ? readIdempotencyKey(request.headers) : null;
  if (!key || !ctx.actor) {
    const answer = await run();
    return answer.raw ?? jsonResponse(answer.status, answer.body);
  }
  const claim = await claimOrReplay(services.db, {
    actor: ctx.actor,
    key,
    method,
    path,
    body,
  });
  if (claim.kind === "replay") {
    return jsonResponse(claim.answer.status, claim.answer.body, { "idempotent-replayed": "true" });
  }
  let answer: Awaited<ReturnType<typeof run>>;
  try {
    answer = await run();
  } catch (error) {
    await releaseIdempotencyKey(services.db, claim.id);
    throw error;
  }
  await completeIdempotencyKey(
    services.db,
    claim.id,
    { status: answer.status, body: JSON.parse(JSON.stringify(answer.body ?? null)) },
    route.replayOmits,
  );
  return jsonResponse(answer.status, answer.body);
}
