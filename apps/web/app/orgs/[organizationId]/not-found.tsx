import Link from "next/link";

/** A missing (or another tenant's) workspace, token, ... inside the console keeps the shell around it. */
export default function ConsoleNotFound() {
  return (
    <div className="py-10">
      <p className="text-sm font-semibold text-link">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-fg">Not found</h1>
      <p className="mt-3 max-w-xl text-sm text-fg">
        It does not exist, or it belongs to an organization you are not a member of.
      </p>
      <Link
        href="/orgs"
        className="mt-6 inline-block rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
      >
        Back to the console
      </Link>
    </div>
  );
}
