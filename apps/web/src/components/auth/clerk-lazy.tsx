"use client";

import dynamic from "next/dynamic";

// Clerk's client is about 48 kB (gzip) and only hosted mode uses it: load it on demand, so
// local-accounts installs and every console page without it do not download it at all.
export const ClerkSignIn = dynamic(() => import("./clerk-auth.tsx").then((module) => module.ClerkSignIn));
export const ClerkSignUp = dynamic(() => import("./clerk-auth.tsx").then((module) => module.ClerkSignUp));
export const ClerkSignOut = dynamic(() => import("./clerk-auth.tsx").then((module) => module.ClerkSignOut));
