import { z } from "zod";
import { outputView, publicProcedure } from "../../init.ts";
import { setCookies } from "./cookies.ts";

export const authSignOutInput = z.void();
export const authSignOutOutput = z.object({ signedOut: z.literal(true) });

/** Ends the browser's session and clears its cookies. Harmless without a session. */
export const authSignOut = publicProcedure
  .meta({ permission: "public" })
  .input(authSignOutInput)
  .output(outputView(authSignOutOutput))
  .mutation(async ({ ctx }) => {
    if (ctx.actor?.type === "user") {
      setCookies(ctx.resHeaders, await ctx.services.auth.signOut(ctx.headers));
    }
    return { signedOut: true as const };
  });
