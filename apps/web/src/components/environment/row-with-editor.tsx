import { Td, Tr } from "@skyport/ui";
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
  const tint = editing ? "bg-accent-soft" : undefined;
  return (
    <>
      <Tr className={tint}>
        {cells}
        {actions}
      </Tr>
      {editing ? (
        <Tr className={tint}>
          <Td colSpan={columns} className="pt-1 pb-5">
            {editor}
          </Td>
        </Tr>
      ) : null}
    </>
  );
}
