import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn.ts";

/**
 * Table primitives. On a phone (below `sm`) a table does not scroll sideways: each row becomes
 * a stacked card, every cell on its own line under its column's name (the `label` a cell
 * carries; theme.css draws it). From `sm` up it is an ordinary table that may scroll inside its
 * card on tight widths instead of pushing the page wider. Cells that hold user text cut it with
 * an ellipsis (see Truncate).
 */
export function Table({
  label,
  dense = false,
  className,
  children,
  ...table
}: {
  label?: string;
  /** Narrower cell padding, for tables with many columns (API tokens, the audit log). */
  dense?: boolean;
  children: ReactNode;
} & ComponentProps<"table">) {
  return (
    <div className="relative w-full sm:overflow-x-auto">
      <table
        aria-label={label}
        className={cn("sp-stack w-full text-left text-sm", dense && "sp-dense", className)}
        {...table}
      >
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

/** A table's column headers, one row of names. */
export function HeaderRow({ columns }: { columns: readonly string[] }) {
  return (
    <THead>
      <Tr>
        {columns.map((column) => (
          <Th key={column}>{column}</Th>
        ))}
      </Tr>
    </THead>
  );
}

/** A column header, or (scope="row") the cell that names its row. */
export function Th({ className, scope = "col", ...cell }: ComponentProps<"th">) {
  const base =
    scope === "row"
      ? "px-5 py-3 text-left text-sm font-medium text-fg"
      : "px-5 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-fg-muted uppercase";
  return <th scope={scope} className={cn(base, className)} {...cell} />;
}

/** The header of a column of row actions: named for screen readers, blank on screen. */
export function ActionsTh() {
  return (
    <Th>
      <span className="sr-only">Actions</span>
    </Th>
  );
}

/** A cell; `label` (its column's name) is shown above the value when the row is stacked on a phone. */
export function Td({ className, label, ...cell }: { label?: string | undefined } & ComponentProps<"td">) {
  return <td data-label={label} className={cn("px-5 py-3 text-fg", className)} {...cell} />;
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
