"use client";

import { ClerkProvider, SignIn, SignOutButton, SignUp } from "@clerk/nextjs";
import type { ReactNode } from "react";

// Hosted mode: Clerk's own sign-in and sign-up. Clerk calls Skyport's webhook, which
// mirrors the user (and their organizations) into Skyport before they reach the console.

export function ClerkSignIn({ publishableKey, next }: { publishableKey: string; next: string }) {
  return (
    <ClerkProvider publishableKey={publishableKey}>
      <SignIn routing="hash" signUpUrl="/sign-up" fallbackRedirectUrl={next} />
    </ClerkProvider>
  );
}

export function ClerkSignUp({ publishableKey }: { publishableKey: string }) {
  return (
    <ClerkProvider publishableKey={publishableKey}>
      <SignUp routing="hash" signInUrl="/sign-in" fallbackRedirectUrl="/orgs" />
    </ClerkProvider>
  );
}

export function ClerkSignOut({ publishableKey, children }: { publishableKey: string; children: ReactNode }) {
  return (
    <ClerkProvider publishableKey={publishableKey}>
      <SignOutButton redirectUrl="/sign-in">{children}</SignOutButton>
    </ClerkProvider>
  );
}
