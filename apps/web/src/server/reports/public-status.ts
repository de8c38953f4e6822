// The public status of a report over HTTP (no sign-in): JSON and an SVG badge at the report's
// unguessable token. Unknown and revoked tokens get the same 404; each client address is rate
// limited; the token (a credential) never reaches the logs — paths are logged as /status/[token].
import {
  createKeyedRateLimiter,
  getPublicStatus,
  type KeyedRateLimiter,
  type PublicStatusView,
  statusBadgeSvg,
} from "@skyport/domain";
import { errorResponse, jsonResponse } from "../http-errors.ts";
import { REQUEST_ID_HEADER, resolveRequestId } from "../request-id.ts";
import { getServices, type WebServices } from "../services.ts";
import { clientIp, resolveActor } from "../trpc/context.ts";

/** Reads of public status pages, JSON and badges per client address. */
export const PUBLIC_STATUS_RATE_LIMIT = { points: 120, durationSeconds: 60 };

const limiters = new WeakMap<WebServices, KeyedRateLimiter>();

function statusRateLimiter(services: WebServices): KeyedRateLimiter {
  let limiter = limiters.get(services);
  if (!limiter) {
    limiter = createKeyedRateLimiter(services.redis, "public-status", PUBLIC_STATUS_RATE_LIMIT, {
      prefix: services.redisPrefix,
    });
    limiters.set(services, limiter);
  }
  return limiter;
}

/** The view for a request: rate limited, and signed-in members see reports that require sign-in. */
export async function readPublicStatus(
  services: WebServices,
  headers: Headers,
  token: string,
): Promise<PublicStatusView> {
  await statusRateLimiter(services).consume(
    clientIp(headers, services.config.SKYPORT_TRUSTED_PROXIES) ?? "unknown",
  );
  const actor = await resolveActor(services, headers).catch(() => null);
  return getPublicStatus(services.db, token, { actor });
}

/** GET /status/[token]/json and /status/[token]/badge.svg. */
export function publicStatusHandler(format: "json" | "svg") {
  return async (request: Request, context: { params: Promise<{ token: string }> }): Promise<Response> => {
    const services = getServices();
    const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
    let response: Response;
    try {
      const { token } = await context.params;
      const view = await readPublicStatus(services, request.headers, token);
      response =
        format === "json"
          ? jsonResponse(200, view, { "cache-control": "no-store" })
          : new Response(statusBadgeSvg(view), {
              status: 200,
              headers: {
                "content-type": "image/svg+xml; charset=utf-8",
                "cache-control": "no-cache, max-age=0",
              },
            });
    } catch (error) {
      const answer = errorResponse(error, requestId);
      if (answer.internal) services.logger.error({ requestId }, "public status failed");
      response = answer.response;
    }
    response.headers.set(REQUEST_ID_HEADER, requestId);
    services.logger.info(
      {
        requestId,
        method: request.method,
        path: `/status/[token]/${format === "json" ? "json" : "badge.svg"}`,
        status: response.status,
      },
      "request",
    );
    return response;
  };
}
