import type { z } from "zod";
import { validate } from "../src/shared/validate.ts";

/**
 * A domain operation as entry points call it: its input parsed by the operation's contract
 * first (as tRPC and REST do), so tests can send what a client would and see the contract's
 * refusals.
 */
export function throughContract<S extends z.ZodType, C, Rest extends unknown[], R>(
  schema: S,
  operation: (ctx: C, input: z.output<S>, ...rest: Rest) => Promise<R>,
) {
  return async (ctx: C, input: Record<string, unknown>, ...rest: Rest): Promise<R> =>
    operation(ctx, validate(schema, input), ...rest);
}
