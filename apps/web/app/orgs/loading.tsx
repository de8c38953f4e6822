import { PageLoading } from "@skyport/ui";

// Shown at once when someone enters the console (right after sign-up, from the site header)
// while the server resolves their organizations and renders the first page.
export default function ConsoleLoading() {
  return (
    <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6 lg:px-8">
      <PageLoading label="Opening the console…" />
    </main>
  );
}
