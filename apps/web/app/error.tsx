"use client";

import { useEffect } from "react";
import { BareHeader } from "@/components/bare-header.tsx";

export default function ErrorBoundary({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

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
        <p className="text-sm font-semibold text-red-700 dark:text-red-400">Error</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 dark:text-white">
          Something went wrong
        </h1>
        <p className="mt-3 max-w-xl text-base text-slate-700 dark:text-slate-300">
          This page could not be shown. Trying again often helps if a service was briefly unavailable.
        </p>
        {digest ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Reference: <code className="font-mono">{digest}</code>
          </p>
        ) : null}
        <div className="mt-8 flex gap-3">
          <button
            type="button"
            onClick={() => retry()}
            className="rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
          >
            Try again
          </button>
          <a
            href="/"
            className="rounded-md bg-white px-4 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:bg-slate-800 dark:text-white dark:ring-slate-600 dark:hover:bg-slate-700"
          >
            Console home
          </a>
        </div>
      </main>
    </>
  );
}
