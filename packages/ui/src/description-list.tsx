import type { ReactNode } from "react";
import { cn } from "./cn.ts";

export interface Description {
  term: string;
  detail: ReactNode;
  /** Classes for the detail (e.g. `font-mono break-all`). */
  className?: string;
}

/** Label/value pairs (a spec, a token's facts): terms in a narrow column, values wrapping beside them. */
export function DescriptionList({ items, className }: { items: readonly Description[]; className?: string }) {
  return (
    <dl className={cn("grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-2 text-sm", className)}>
      {items.map((item) => (
        <div key={item.term} className="contents">
          <dt className="text-fg-muted">{item.term}</dt>
          <dd className={cn("min-w-0 wrap-anywhere text-fg", item.className)}>{item.detail}</dd>
        </div>
      ))}
    </dl>
  );
}
