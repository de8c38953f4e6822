"use client";

// The table both kinds of environment objects are shown in: a notice line, the empty state,
// header cells, one row per object with its cells, and for editors an Edit button (the edit form
// opens under the row) and a Delete button. Connection and variable tables give their columns.
import { ActionsTh, Table, TBody, Td, THead, Th, Tr } from "@skyport/ui";
import { type ReactNode, useState } from "react";
import { buttonClasses, FormNotice } from "@/components/forms.tsx";
import { DeleteButton } from "./delete-button.tsx";
import type { EnvironmentChange } from "./environment-api.ts";
import { describeLinks, type LinksView } from "./links.ts";
import type { EnvironmentOwner } from "./owner.ts";
import { RowWithEditor } from "./row-with-editor.tsx";
import type { LinkableDeployment } from "./types.ts";

export interface EnvironmentColumn<Row> {
  header: string;
  /** What the row's cell holds; the first column's cell names the row (`<th scope="row">`). */
  cell: (row: Row) => ReactNode;
  className?: string;
}

/** "Delivered to": workspace objects only. */
export function linksColumn<Row extends LinksView>(
  owner: EnvironmentOwner,
  deployments: readonly LinkableDeployment[],
): EnvironmentColumn<Row>[] {
  if (owner.kind !== "workspace") return [];
  return [
    {
      header: "Delivered to",
      className: "sm:max-w-xs",
      cell: (row) => describeLinks(row, deployments),
    },
  ];
}

export function EnvironmentTable<Row extends { id: string }>({
  caption,
  empty,
  rows,
  columns,
  canManage,
  nameOf,
  remove,
  editor,
}: {
  caption: string;
  empty: string;
  rows: readonly Row[];
  columns: readonly EnvironmentColumn<Row>[];
  canManage: boolean;
  /** How buttons and notices name a row: its key or connection id. */
  nameOf: (row: Row) => string;
  remove: (row: Row) => Promise<EnvironmentChange>;
  /** The edit form under a row; `onDone` closes it with a notice ("" for none). */
  editor: (row: Row, onDone: (notice: string) => void) => ReactNode;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>();
  const edit = (id: string) => {
    setNotice(undefined);
    setEditing(id);
  };

  if (rows.length === 0) {
    return (
      <div className="space-y-3 px-5 py-6 text-sm text-fg-muted">
        <FormNotice message={notice} />
        <p>{empty}</p>
      </div>
    );
  }

  return (
    <div>
      {notice ? (
        <div className="px-5 pt-4">
          <FormNotice message={notice} />
        </div>
      ) : null}
      <Table>
        <caption className="sr-only">{caption}</caption>
        <THead>
          <Tr>
            {columns.map((column) => (
              <Th key={column.header}>{column.header}</Th>
            ))}
            {canManage ? <ActionsTh /> : null}
          </Tr>
        </THead>
        <TBody>
          {rows.map((row) => (
            <RowWithEditor
              key={row.id}
              columns={columns.length + (canManage ? 1 : 0)}
              editing={editing === row.id}
              editor={editor(row, (message) => {
                setEditing(null);
                setNotice(message || undefined);
              })}
              cells={columns.map((column, index) =>
                index === 0 ? (
                  <Th key={column.header} scope="row" className={column.className}>
                    {column.cell(row)}
                  </Th>
                ) : (
                  <Td key={column.header} label={column.header} className={column.className}>
                    {column.cell(row)}
                  </Td>
                ),
              )}
              actions={
                canManage ? (
                  <Td className="whitespace-nowrap sm:text-right">
                    <span className="inline-flex items-center gap-4">
                      <button type="button" className={buttonClasses.link} onClick={() => edit(row.id)}>
                        Edit<span className="sr-only"> {nameOf(row)}</span>
                      </button>
                      <DeleteButton
                        name={nameOf(row)}
                        remove={() => remove(row)}
                        onDeleted={(message) => setNotice(message)}
                      />
                    </span>
                  </Td>
                ) : null
              }
            />
          ))}
        </TBody>
      </Table>
    </div>
  );
}
