"use client";

import { useTRPCClient } from "@/client/trpc.tsx";
import { Moment } from "@/components/moment.tsx";
import { type KeyValueKind, keyValueApi } from "./environment-api.ts";
import { type EnvironmentColumn, EnvironmentTable, linksColumn } from "./environment-table.tsx";
import { EditKeyValueForm } from "./key-value-form.tsx";
import { KIND_WORDS } from "./kinds.ts";
import { MaskedValue } from "./masked-value.tsx";
import type { EnvironmentOwner } from "./owner.ts";
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
      cell: (row) => <code className="font-mono break-all">{row.key}</code>,
    },
    {
      header: "Value",
      className: "sm:max-w-md",
      cell: (row) => <MaskedValue value={row.value} isSecret={row.isSecret} masked={row.masked} />,
    },
    ...(words.hasDescription
      ? [
          {
            header: "Description",
            className: "wrap-anywhere sm:max-w-xs",
            cell: (row: Row) => descriptionOf(row) || "—",
          },
        ]
      : []),
    ...linksColumn<Row>(owner, deployments),
    {
      header: "Updated",
      className: "whitespace-nowrap text-fg-muted",
      cell: (row) => <Moment at={row.updatedAt} />,
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
