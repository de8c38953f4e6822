import { signIn } from "@skyport/domain";
import { z } from "zod";
import { localAccountsProcedure, outputView } from "../../init.ts";
import { setCookies } from "./cookies.ts";
import { authRateLimiter } from "./rate-limiter.ts";
import { emailInput, passwordInput, sessionUserSchema } from "./schemas.ts";

export const authSignInInput = z.object({ email: emailInput, password: passwordInput });
export const authSignInOutput = z.object({ user: sessionUserSchema });

/** Rate limited; wrong email and wrong password answer the same. Sets the session cookie. */
export const authSignIn = localAccountsProcedure
  .meta({ permission: "public" })
  .input(authSignInInput)
  .output(outputView(authSignInOutput))
  .mutation(async ({ ctx, input }) => {
    const { auth } = ctx.services;
    const rateLimiter = authRateLimiter(ctx.services);
    const result = await signIn({ auth, rateLimiter }, input, ctx.request, ctx.headers);
    setCookies(ctx.resHeaders, result.setCookies);
    return { user: result.user };
  });
