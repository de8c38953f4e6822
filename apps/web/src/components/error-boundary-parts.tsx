"use client";

import { useEffect } from "react";

/** What both error boundaries (the page's and the root layout's) do: log the error once, offer a retry. */
export function useLoggedError(error: unknown): void {
  useEffect(() => {
    console.error(error);
  }, [error]);
}

export function RetryButton({ retry, className = "" }: { retry: () => void; className?: string }) {
  return (
    <button
      type="button"
      onClick={() => retry()}
      className={`${className ? `${className} ` : ""}rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600`}
    >
      Try again
    </button>
  );
}
