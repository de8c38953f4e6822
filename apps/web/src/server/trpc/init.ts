import {
  type Action,
  DomainError,
  findNulCharacter,
  type MutationContext,
  nulCharacterMessage,
  UnauthenticatedError,
  ValidationError,
} from "@skyport/domain";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { z } from "zod";
import type { TRPCContext } from "./context.ts";
import { formatError } from "./error-formatter.ts";

/**
 * Every procedure declares what it needs in its meta: an action from the permission table
 * (enforced in the domain layer), one action per owner kind for procedures whose input names
 * an owner (a deployment's or a workspace's environment), "authenticated" for the caller's own
 * data (their profile, their organizations), or "public". The authorization-matrix test reads it.
 */
export interface ProcedureMeta {
  permission: Action | { byOwner: Record<"deployment" | "workspace", Action> } | "authenticated" | "public";
}

const t = initTRPC
  .context<TRPCContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter: ({ shape, error, ctx }) =>
      formatError({ shape, error, requestId: ctx?.requestId ?? null }),
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const TRPC_CODES = {
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHENTICATED: "UNAUTHORIZED",
  VALIDATION: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  PAYMENT_REQUIRED: "PAYMENT_REQUIRED",
} as const satisfies Record<DomainError["code"], TRPCError["code"]>;

/** Maps domain errors, once, to tRPC codes; the domain error stays as the cause. */
export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
}

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  return result;
});

/** Input text PostgreSQL cannot store (U+0000, an unpaired surrogate) is refused before anything runs, naming the field,
 * as the REST edge does (one rule: findNulCharacter). */
const refuseNulText = t.middleware(async ({ getRawInput, next }) => {
  const nul = findNulCharacter(await getRawInput());
  if (nul) throw toTRPCError(new ValidationError(nul.path || "input", nulCharacterMessage(nul)));
  return next();
});

/** No caller identity required. Only for what anyone may see, such as system health. */
export const publicProcedure = t.procedure.use(domainErrors).use(refuseNulText);

/**
 * A signed-in user or a valid API token. Hands procedures `ctx.domain`, the explicit
 * `{ db, actor, context }` every domain function takes.
 */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.authError instanceof DomainError) throw toTRPCError(ctx.authError);
  if (ctx.authError) throw ctx.authError;
  if (!ctx.actor) throw toTRPCError(new UnauthenticatedError());
  const domain: MutationContext = { db: ctx.services.db, actor: ctx.actor, context: ctx.request };
  return next({ ctx: { ...ctx, actor: ctx.actor, domain } });
});

/**
 * Local accounts only (sign-up, sign-in with a password). In hosted mode Clerk owns
 * sign-in, and these entry points refuse rather than create accounts Clerk does not know.
 */
export const localAccountsProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.services.clerkSessions) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "this Skyport signs people in with Clerk; local accounts are disabled",
    });
  }
  return next();
});

/**
 * A procedure's output check: `.output(outputView(schema))`. tRPC validates a zod schema with
 * parseAsync, which switches off zod's compiled object parser; views have no asynchronous
 * refinements, so parsing synchronously is the same check (unknown keys stripped, a wrong view
 * is an internal error) at a fraction of the cost — 7.6× less for a page of 50 deployments, the
 * API's busiest answer. `apps/web/test/router-outputs.test.ts` pins that every procedure uses it.
 */
export function outputView<Schema extends z.ZodType>(schema: Schema): (value: unknown) => z.output<Schema> {
  const check = (value: unknown) => schema.parse(value);
  return Object.assign(check, { schema });
}

/** A domain function a procedure hands its checked input to, with the caller's `{ db, actor, context }`. */
type DomainCall<Input extends z.ZodType, View extends z.ZodType> = (
  domain: MutationContext,
  input: z.output<Input>,
) => Promise<z.output<View>>;

/** The common procedure: `permission` in meta, `input` checked, `run` answers, its answer checked against `view`. */
type DomainProcedure<Input extends z.ZodType, View extends z.ZodType> = [
  permission: ProcedureMeta["permission"],
  input: Input,
  view: View,
  run: DomainCall<Input, View>,
];

function domainProcedure<Input extends z.ZodType, View extends z.ZodType>(
  ...[permission, input, view, run]: DomainProcedure<Input, View>
) {
  const procedure = protectedProcedure.meta({ permission }).input(input).output(outputView(view));
  // tRPC's resolver type for a generic view stays an unresolved conditional here; `run`'s own
  // type (DomainCall) already pins the answer to the view, checked at every call site.
  const resolve = ({ ctx, input }: { ctx: { domain: MutationContext }; input: unknown }) =>
    run(ctx.domain, input as z.output<Input>) as Promise<never>;
  return { procedure, resolve };
}

/** A read that hands its input straight to one domain function (see DomainProcedure). */
export function domainQuery<Input extends z.ZodType, View extends z.ZodType>(
  ...args: DomainProcedure<Input, View>
) {
  const { procedure, resolve } = domainProcedure(...args);
  return procedure.query(resolve);
}

/** A change that hands its input straight to one domain function (see DomainProcedure). */
export function domainMutation<Input extends z.ZodType, View extends z.ZodType>(
  ...args: DomainProcedure<Input, View>
) {
  const { procedure, resolve } = domainProcedure(...args);
  return procedure.mutation(resolve);
}
