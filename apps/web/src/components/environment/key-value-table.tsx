"use client";

import { useTRPCClient } from "@/client/trpc.tsx";
import { formatUtc } from "@/components/time-format.ts";
import { type KeyValueKind, keyValueApi } from "./environment-api.ts";
import { type EnvironmentColumn, EnvironmentTable, linksColumn } from "./environment-table.tsx";
import { EditKeyValueForm } from "./key-value-form.tsx";
import { KIND_WORDS } from "./kinds.ts";
import { MaskedValue } from "./masked-value.tsx";
import type { EnvironmentOwner } from "./owner.ts";
import { td } from "./table-styles.ts";
import type { AirflowVariable, EnvironmentVariable, LinkableDeployment } from "./types.ts";

type Row = EnvironmentVariable | AirflowVariable;

function descriptionOf(row: Row): string {
  return "description" in row ? row.description : "";
}

/** Environment variables or Airflow variables of one owner; editors change and delete them in place. */
export function KeyValueTable({
  kind,
  owner,
  rows,
  canManage,
  deployments,
}: {
  kind: KeyValueKind;
  owner: EnvironmentOwner;
  rows: Row[];
  canManage: boolean;
  deployments: readonly LinkableDeployment[];
}) {
  const words = KIND_WORDS[kind];
  const api = keyValueApi(useTRPCClient(), kind, owner);
  const columns: EnvironmentColumn<Row>[] = [
    {
      header: "Key",
      cell: (row) => (
        <th scope="row" className="px-5 py-3 text-left align-top font-medium">
          <code className="font-mono break-all text-slate-900 dark:text-white">{row.key}</code>
        </th>
      ),
    },
    {
      header: "Value",
      cell: (row) => (
        <td className={`${td} max-w-md`}>
          <MaskedValue value={row.value} isSecret={row.isSecret} masked={row.masked} />
        </td>
      ),
    },
    ...(words.hasDescription
      ? [
          {
            header: "Description",
            cell: (row: Row) => <td className={`${td} max-w-xs`}>{descriptionOf(row) || "—"}</td>,
          },
        ]
      : []),
    ...linksColumn<Row>(owner, deployments),
    {
      header: "Updated",
      cell: (row) => (
        <td className={`${td} whitespace-nowrap text-slate-600 dark:text-slate-400`}>
          <time dateTime={row.updatedAt.toISOString()}>{formatUtc(row.updatedAt)}</time>
        </td>
      ),
    },
  ];
  return (
    <EnvironmentTable
      caption={words.plural}
      empty={`No ${words.singular}s yet.`}
      rows={rows}
      columns={columns}
      canManage={canManage}
      nameOf={(row) => row.key}
      remove={(row) => api.delete(row.id)}
      editor={(row, onDone) => (
        <EditKeyValueForm kind={kind} owner={owner} row={row} deployments={deployments} onDone={onDone} />
      )}
    />
  );
}
