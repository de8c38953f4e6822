import type { ReactNode } from "react";

/**
 * The heading block of a page: one h1, an optional description and actions. Names are the
 * user's own and can be long without spaces, so the title wraps anywhere instead of overflowing.
 */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4 border-b border-line pb-5">
      <div className="min-w-0 flex-1 basis-64">
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere text-fg">{title}</h1>
        {description ? (
          <p className="mt-1 max-w-2xl text-sm wrap-anywhere text-fg-muted">{description}</p>
        ) : null}
      </div>
      {actions ? <div className="flex flex-wrap items-start gap-2">{actions}</div> : null}
    </div>
  );
}
