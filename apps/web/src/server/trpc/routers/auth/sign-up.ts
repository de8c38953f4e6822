import { signUp } from "@skyport/domain";
import { z } from "zod";
import { localAccountsProcedure, outputView } from "../../init.ts";
import { setCookies } from "./cookies.ts";
import { authRateLimiter } from "./rate-limiter.ts";
import { emailInput, nameInput, passwordInput, sessionUserSchema } from "./schemas.ts";

export const authSignUpInput = z.object({
  email: emailInput,
  password: passwordInput,
  name: nameInput,
  organizationName: z.string().max(200, "is too long"),
});

export const authSignUpOutput = z.object({
  user: sessionUserSchema,
  organization: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
});

/** Creates the account and its first organization, then signs the person in. */
export const authSignUp = localAccountsProcedure
  .meta({ permission: "public" })
  .input(authSignUpInput)
  .output(outputView(authSignUpOutput))
  .mutation(async ({ ctx, input }) => {
    const { db, auth } = ctx.services;
    const rateLimiter = authRateLimiter(ctx.services);
    const signedUp = await signUp({ db, context: ctx.request, rateLimiter }, input);
    const session = await auth.signIn({ email: signedUp.user.email, password: input.password }, ctx.headers);
    if (session) setCookies(ctx.resHeaders, session.setCookies);
    return signedUp;
  });
