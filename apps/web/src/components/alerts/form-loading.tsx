/** What an opened form shows while its code loads (forms are not part of a page's first load). */
export function FormLoading() {
  return (
    <p className="px-5 py-4 text-sm text-fg-muted" aria-busy="true">
      Loading the form…
    </p>
  );
}
