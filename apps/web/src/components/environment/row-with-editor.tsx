import type { ReactNode } from "react";

/** A table row and, while it is being edited, a full-width row under it holding the form. */
export function RowWithEditor({
  cells,
  actions,
  editor,
  editing,
  columns,
}: {
  cells: ReactNode;
  actions: ReactNode;
  editor: ReactNode;
  editing: boolean;
  columns: number;
}) {
  const tint = editing ? "bg-sky-50/60 dark:bg-sky-950/20" : undefined;
  return (
    <>
      <tr className={tint}>
        {cells}
        {actions}
      </tr>
      {editing ? (
        <tr className={tint}>
          <td colSpan={columns} className="px-5 pt-1 pb-5">
            {editor}
          </td>
        </tr>
      ) : null}
    </>
  );
}
