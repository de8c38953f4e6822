import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { TRPCContext } from "./context.ts";
import { formatError } from "./error-formatter.ts";

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error, ctx }) => formatError({ shape, error, requestId: ctx?.requestId ?? null }),
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** No caller identity required. Only for what anyone may see, such as system health. */
export const publicProcedure = t.procedure;
