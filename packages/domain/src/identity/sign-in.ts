import type { SignInResult, SkyportAuth } from "@skyport/auth";
import type { RequestContext } from "../shared/actor.ts";
import { UnauthenticatedError } from "../shared/errors.ts";
import type { AuthRateLimiter } from "./rate-limit.ts";

export interface SignInDependencies {
  auth: Pick<SkyportAuth, "signIn">;
  rateLimiter: AuthRateLimiter;
}

/** One message for an unknown email and a wrong password, so neither reveals the other. */
export const WRONG_CREDENTIALS = "email or password is incorrect";

/**
 * Checks the attempt against the limits, then the credentials. Returns the user and the
 * session cookies to set; the caller sends the cookies, never logs them.
 */
export async function signIn(
  deps: SignInDependencies,
  input: { email: string; password: string },
  request: RequestContext,
  headers: Headers,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  await deps.rateLimiter.beginSignIn(email, request.ip);
  const result = await deps.auth.signIn({ email, password: input.password }, headers);
  if (!result) {
    await deps.rateLimiter.signInFailed(email, request.ip);
    throw new UnauthenticatedError(WRONG_CREDENTIALS);
  }
  await deps.rateLimiter.signInSucceeded(email, request.ip);
  return result;
}
