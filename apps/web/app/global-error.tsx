"use client";

import { RetryButton, useLoggedError } from "@/components/error-boundary-parts.tsx";
import "./globals.css";

/** Replaces the root layout when the layout itself fails, so it brings its own document. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useLoggedError(error);

  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center bg-surface-muted px-4 font-sans text-fg">
        <title>Something went wrong · Skyport</title>
        <main className="max-w-md text-center">
          <h1 className="text-2xl font-semibold tracking-tight">Skyport could not load this page</h1>
          <p className="mt-3 text-base text-fg">
            Try again in a moment. If it keeps happening, check the server logs.
          </p>
          <RetryButton retry={retry} className="mt-6" />
        </main>
      </body>
    </html>
  );
}
