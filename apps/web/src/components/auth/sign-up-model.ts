import * as z from "zod/mini";

import type { SignUpLimits } from "./sign-up-limits.ts";

// The domain's own plausibility check for addresses (packages/domain identity/credentials.ts).
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * What the sign-up form checks before it asks the server: every empty or malformed field at
 * once, in the words the server uses. The server still decides (common passwords, taken
 * addresses); its answers land on the same fields.
 */
export function signUpSchema(limits: SignUpLimits) {
  const trimmed = (message: string) => z.string().check(z.trim(), z.minLength(1, message));
  return z.object({
    name: trimmed("Enter your name").check(
      z.maxLength(limits.personNameMax, `Use at most ${limits.personNameMax} characters`),
    ),
    email: trimmed("Enter your work email").check(
      z.regex(EMAIL_PATTERN, "Must be an email address like name@example.com"),
    ),
    password: z
      .string()
      .check(
        z.minLength(1, "Choose a password"),
        z.minLength(limits.passwordMin, `Must be at least ${limits.passwordMin} characters long`),
        z.maxLength(limits.passwordMax, `Must be at most ${limits.passwordMax} characters long`),
      ),
    organizationName: trimmed("Name your organization").check(
      z.minLength(
        limits.organizationNameMin,
        `Must be ${limits.organizationNameMin} to ${limits.organizationNameMax} characters long`,
      ),
      z.maxLength(
        limits.organizationNameMax,
        `Must be ${limits.organizationNameMin} to ${limits.organizationNameMax} characters long`,
      ),
    ),
  });
}

export type SignUpValues = z.infer<ReturnType<typeof signUpSchema>>;
