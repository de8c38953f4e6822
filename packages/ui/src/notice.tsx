import type { ReactNode } from "react";
import { cn } from "./cn.ts";

export type NoticeTone = "warning" | "info" | "danger" | "success";

const toneClass: Record<NoticeTone, string> = {
  warning: "border-warning-line bg-warning-soft text-warning-fg",
  info: "border-info-line bg-info-soft text-info-fg",
  danger: "border-danger-line bg-danger-soft text-danger-fg",
  success: "border-success-line bg-success-soft text-success-fg",
};

/** A boxed message with a title: a refusal, a read-only reason, a warning. */
export function Notice({
  tone,
  title,
  children,
  role,
  className,
}: {
  tone: NoticeTone;
  title: string;
  children?: ReactNode;
  role?: "alert" | "status" | "note";
  className?: string;
}) {
  return (
    <div role={role} className={cn("rounded-xl border px-5 py-4 text-sm", toneClass[tone], className)}>
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="mt-1 space-y-3">{children}</div> : null}
    </div>
  );
}

/** What a page shows when the server refused the caller: the reason, in product words. */
export function NoAccess({
  title,
  message,
  children,
}: {
  title: string;
  message: string;
  children?: ReactNode;
}) {
  return (
    <Notice tone="warning" title={title} role="alert">
      <p>{message}</p>
      {children}
    </Notice>
  );
}

/** What a list shows when it has nothing yet, and (optionally) the way to add the first one. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="px-5 py-8 text-center">
      <p className="text-sm font-medium text-fg">{title}</p>
      {children ? <div className="mx-auto mt-1 max-w-md text-sm text-fg-muted">{children}</div> : null}
      {action ? <div className="mt-4 flex justify-center">{action}</div> : null}
    </div>
  );
}
