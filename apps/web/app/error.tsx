"use client";

import { BareHeader } from "@/components/bare-header.tsx";
import { RetryButton, useLoggedError } from "@/components/error-boundary-parts.tsx";

export default function ErrorBoundary({ error, retry }: { error: unknown; retry: () => void }) {
  useLoggedError(error);

  // Server errors carry a digest that matches the server's log line, never the message.
  const digest =
    typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : undefined;

  return (
    <>
      <BareHeader />
      <main
        id="main"
        className="mx-auto flex w-full max-w-6xl flex-1 flex-col items-start px-4 py-20 sm:px-6 lg:px-8"
      >
        <p className="text-sm font-semibold text-danger-fg">Error</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-fg">Something went wrong</h1>
        <p className="mt-3 max-w-xl text-base text-fg">
          This page could not be shown. Trying again often helps if a service was briefly unavailable.
        </p>
        {digest ? (
          <p className="mt-2 text-sm text-fg-muted">
            Reference: <code className="font-mono">{digest}</code>
          </p>
        ) : null}
        <div className="mt-8 flex gap-3">
          <RetryButton retry={retry} />
          <a
            href="/"
            className="rounded-md bg-surface px-4 py-2 text-sm font-semibold text-fg shadow-sm ring-1 ring-line-strong ring-inset hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
          >
            Console home
          </a>
        </div>
      </main>
    </>
  );
}
