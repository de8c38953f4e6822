// The procedures of the environment routers, built from the domain's contracts. Every one takes
// an `owner` (a deployment or a workspace) in its input; the domain picks the owner's permission
// from the table (ENVIRONMENT_PERMISSIONS), and the meta says which for the authorization matrix.
import {
  ENVIRONMENT_PERMISSIONS,
  type EnvironmentServices,
  type MutationContext,
  type OwnerKind,
} from "@skyport/domain";
import type { z } from "zod";
import type { TRPCContext } from "../../context.ts";
import { outputView, protectedProcedure } from "../../init.ts";

/** What environment procedures hand the domain besides the caller: sealing and the queue. */
export function environmentServices(ctx: Pick<TRPCContext, "services">): EnvironmentServices {
  return { secrets: ctx.services.secrets, jobs: ctx.services.jobs };
}

function byOwner(need: "read" | "manage") {
  const action = (kind: OwnerKind) => ENVIRONMENT_PERMISSIONS[kind][need];
  return { permission: { byOwner: { deployment: action("deployment"), workspace: action("workspace") } } };
}

type DomainCall<I extends z.ZodType, O extends z.ZodType> = (
  ctx: MutationContext,
  input: z.output<I>,
  services: EnvironmentServices,
) => Promise<z.input<O>>;

/**
 * Calls the domain. The input was parsed by the procedure's own schema and the answer is checked
 * by its output schema, which generic code cannot show the compiler.
 */
function run<I extends z.ZodType, O extends z.ZodType>(
  call: DomainCall<I, O>,
  ctx: Pick<TRPCContext, "services"> & { domain: MutationContext },
  input: unknown,
): Promise<never> {
  return call(ctx.domain, input as z.output<I>, environmentServices(ctx)) as Promise<never>;
}

/** A read of an owner's environment: needs the owner's `environment.read`. */
export function environmentQuery<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  call: DomainCall<I, O>,
) {
  return procedure("read", input, output).query(({ ctx, input }) => run(call, ctx, input));
}

/** A change to an owner's environment: needs the owner's `environment.manage`. */
export function environmentMutation<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  call: DomainCall<I, O>,
) {
  return procedure("manage", input, output).mutation(({ ctx, input }) => run(call, ctx, input));
}

function procedure<I extends z.ZodType, O extends z.ZodType>(need: "read" | "manage", input: I, output: O) {
  return protectedProcedure.meta(byOwner(need)).input(input).output(outputView(output));
}
