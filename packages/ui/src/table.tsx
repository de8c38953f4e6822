import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn.ts";

/**
 * Table primitives. A table scrolls sideways inside its card on narrow screens instead of
 * pushing the page wider; cells that hold user text cut it with an ellipsis (see Truncate).
 */
export function Table({
  label,
  className,
  children,
  ...table
}: { label?: string; children: ReactNode } & ComponentProps<"table">) {
  return (
    <div className="relative w-full overflow-x-auto">
      <table aria-label={label} className={cn("w-full text-left text-sm", className)} {...table}>
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return <thead className="border-b border-line bg-surface-muted">{children}</thead>;
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-line">{children}</tbody>;
}

export function Tr({ className, ...row }: ComponentProps<"tr">) {
  return <tr className={cn("align-top", className)} {...row} />;
}

/** A column header, or (scope="row") the cell that names its row. */
export function Th({ className, scope = "col", ...cell }: ComponentProps<"th">) {
  const base =
    scope === "row"
      ? "px-5 py-3 text-left text-sm font-medium text-fg"
      : "px-5 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-fg-muted uppercase";
  return <th scope={scope} className={cn(base, className)} {...cell} />;
}

export function Td({ className, ...cell }: ComponentProps<"td">) {
  return <td className={cn("px-5 py-3 text-fg", className)} {...cell} />;
}

/**
 * User text that may be long (names, status reasons): one line, cut with an ellipsis, the
 * whole text as the tooltip. `lines` allows a short clamp instead of one line.
 */
export function Truncate({
  text,
  lines = 1,
  className,
  children,
}: {
  text: string;
  lines?: 1 | 2;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <span
      title={text}
      className={cn("block min-w-0", lines === 1 ? "truncate" : "line-clamp-2 wrap-anywhere", className)}
    >
      {children ?? text}
    </span>
  );
}
