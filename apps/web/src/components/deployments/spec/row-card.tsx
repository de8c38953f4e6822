import { Button, cn, FieldError } from "@skyport/ui";
import type { ReactNode } from "react";
import { fieldId } from "../format.ts";

/** The list with one row replaced by its patched copy (list editors change rows in place). */
export function patchAt<Row>(rows: readonly Row[], index: number, patch: Partial<Row>): Row[] {
  return rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
}

/**
 * One row of a list editor (a worker queue, an Airflow setting): a card holding the row's
 * fields in a grid, its Remove button (none for a row that must stay), what follows the
 * fields, and the error the server gave for the row as a whole.
 */
export function RowCard({
  path,
  label,
  gridClass,
  removeClass,
  onRemove,
  removeLabel,
  error,
  children,
  after,
}: {
  /** The row's path in the spec (`spec.workerQueues.0`): its id and its error's. */
  path: string;
  label: string;
  gridClass: string;
  removeClass: string;
  onRemove: (() => void) | null;
  /** What the Remove button says to a screen reader ("Remove worker queue etl"). */
  removeLabel: string;
  error: string | undefined;
  children: ReactNode;
  after?: ReactNode;
}) {
  return (
    <li
      id={fieldId(path)}
      aria-label={label}
      className="rounded-lg bg-surface-muted p-4 ring-1 ring-line ring-inset"
    >
      <div className={cn("grid gap-3", gridClass)}>
        {children}
        <div className={removeClass}>
          {onRemove ? (
            <Button variant="secondary" onClick={onRemove} aria-label={removeLabel}>
              Remove
            </Button>
          ) : null}
        </div>
      </div>
      {after}
      <FieldError id={`${fieldId(path)}-error`} message={error} />
    </li>
  );
}
