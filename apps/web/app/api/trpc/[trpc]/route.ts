import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { errorResponse, readBodyText } from "@/server/http-errors.ts";
import { describeError, withRequestLog } from "@/server/request-log.ts";
import { getServices } from "@/server/services.ts";
import { createTRPCContext } from "@/server/trpc/context.ts";
import { appRouter } from "@/server/trpc/router.ts";

export const dynamic = "force-dynamic";

const handler = withRequestLog(async (request, { requestId, logger }) => {
  // HTTP-level limits first, answered with the shared error envelope: a body over the limit
  // is refused 413 before anything parses it (tRPC would call it "not valid JSON").
  let req = request;
  if (request.method === "POST") {
    try {
      const body = await readBodyText(request);
      req = new Request(request.url, { method: request.method, headers: request.headers, body });
    } catch (error) {
      return errorResponse(error, requestId).response;
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ req, resHeaders }) =>
      createTRPCContext({ requestId, logger, services: getServices(), headers: req.headers, resHeaders }),
    onError: ({ error, path, type }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ procedure: path, type, err: describeError(error.cause ?? error) }, "procedure failed");
      }
    },
  });
});

export { handler as GET, handler as POST };
