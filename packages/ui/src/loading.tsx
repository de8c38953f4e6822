/**
 * What a page shows while the server renders it: a heading-shaped placeholder and a polite
 * status, so a navigation (after sign-up, between sections) never leaves the area blank.
 */
export function PageLoading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="text-sm text-fg-muted">
        {label}
      </p>
      <div className="space-y-3 border-b border-line pb-5" aria-hidden="true">
        <div className="h-7 w-64 max-w-full animate-pulse rounded bg-surface-raised" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-surface-raised" />
      </div>
      <div className="h-40 animate-pulse rounded-xl border border-line bg-surface" aria-hidden="true" />
    </div>
  );
}
