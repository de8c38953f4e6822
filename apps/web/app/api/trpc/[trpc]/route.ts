import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describeError, withRequestLog } from "@/server/request-log.ts";
import { getServices } from "@/server/services.ts";
import { createTRPCContext } from "@/server/trpc/context.ts";
import { appRouter } from "@/server/trpc/router.ts";

export const dynamic = "force-dynamic";

const handler = withRequestLog((request, { requestId, logger }) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: ({ req, resHeaders }) =>
      createTRPCContext({ requestId, logger, services: getServices(), headers: req.headers, resHeaders }),
    onError: ({ error, path, type }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ procedure: path, type, err: describeError(error.cause ?? error) }, "procedure failed");
      }
    },
  }),
);

export { handler as GET, handler as POST };
