"use client";

import { type ComponentProps, lazy, Suspense } from "react";

// Clerk's client is about 48 kB (gzip) and only hosted mode uses it: load it on demand, so
// local-accounts installs and every console page without it do not download it at all.
const LazySignIn = lazy(() => import("./clerk-auth.tsx").then((module) => ({ default: module.ClerkSignIn })));
const LazySignUp = lazy(() => import("./clerk-auth.tsx").then((module) => ({ default: module.ClerkSignUp })));
const LazySignOut = lazy(() =>
  import("./clerk-auth.tsx").then((module) => ({ default: module.ClerkSignOut })),
);

export function ClerkSignIn(props: ComponentProps<typeof LazySignIn>) {
  return (
    <Suspense>
      <LazySignIn {...props} />
    </Suspense>
  );
}

export function ClerkSignUp(props: ComponentProps<typeof LazySignUp>) {
  return (
    <Suspense>
      <LazySignUp {...props} />
    </Suspense>
  );
}

export function ClerkSignOut(props: ComponentProps<typeof LazySignOut>) {
  return (
    <Suspense>
      <LazySignOut {...props} />
    </Suspense>
  );
}
