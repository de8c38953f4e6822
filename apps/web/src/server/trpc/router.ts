import { createCallerFactory, router } from "./init.ts";
import { systemRouter } from "./routers/system/index.ts";

export const appRouter = router({
  system: systemRouter,
});

export type AppRouter = typeof appRouter;

export { createCallerFactory };

/** Server-side calls (tests, server components): `createCaller(context).system.health()`. */
export const createCaller = createCallerFactory(appRouter);
