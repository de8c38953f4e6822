import type { ReactNode } from "react";

/** What a page shows when the server refused the caller (FORBIDDEN): the reason, plainly. */
export function ForbiddenNotice({
  title,
  message,
  children,
}: {
  title: string;
  message: string;
  children?: ReactNode;
}) {
  return (
    <div
      role="alert"
      className="rounded-xl border border-amber-300 bg-amber-50 px-5 py-4 text-sm text-amber-950 dark:border-amber-400/30 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <h2 className="text-base font-semibold">{title}</h2>
      <p className="mt-1">{message}</p>
      {children ? <div className="mt-3">{children}</div> : null}
    </div>
  );
}
