import type { Metadata } from "next";
import { BareHeader } from "@/components/bare-header.tsx";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <>
      <BareHeader />
      <main
        id="main"
        className="mx-auto flex w-full max-w-6xl flex-1 flex-col items-start px-4 py-20 sm:px-6 lg:px-8"
      >
        <p className="text-sm font-semibold text-link">404</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-fg">Page not found</h1>
        <p className="mt-3 max-w-xl text-base text-fg">
          There is nothing at this address. Check the link, or go back to the console home.
        </p>
        <a
          href="/"
          className="mt-8 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
          Back to the console
        </a>
      </main>
    </>
  );
}
