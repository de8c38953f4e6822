import { invitationTokenSchema, signUpWithInvitation } from "@skyport/domain";
import { z } from "zod";
import { localAccountsProcedure, outputView } from "../../init.ts";
import { setCookies } from "../auth/cookies.ts";
import { authRateLimiter } from "../auth/rate-limiter.ts";
import { nameInput, passwordInput, sessionUserSchema } from "../auth/schemas.ts";

export const invitationSignUpAndAcceptInput = z.object({
  token: invitationTokenSchema,
  name: nameInput,
  password: passwordInput,
});
export const invitationSignUpAndAcceptOutput = z.object({
  user: sessionUserSchema,
  organizationId: z.string(),
});

/** Creates an account with the invited email, joins the organization and signs the person in. */
export const invitationSignUpAndAccept = localAccountsProcedure
  .meta({ permission: "public" })
  .input(invitationSignUpAndAcceptInput)
  .output(outputView(invitationSignUpAndAcceptOutput))
  .mutation(async ({ ctx, input }) => {
    const { db, auth, config } = ctx.services;
    const rateLimiter = authRateLimiter(ctx.services);
    const joined = await signUpWithInvitation(
      { db, context: ctx.request, rateLimiter },
      input,
      config.SKYPORT_SECRET,
    );
    const session = await auth.signIn({ email: joined.user.email, password: input.password }, ctx.headers);
    if (session) setCookies(ctx.resHeaders, session.setCookies);
    return joined;
  });
