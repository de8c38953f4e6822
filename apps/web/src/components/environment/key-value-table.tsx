"use client";

import { useState } from "react";
import { useTRPCClient } from "@/client/trpc.tsx";
import { buttonClasses, FormNotice } from "@/components/forms.tsx";
import { formatUtc } from "@/components/time-format.ts";
import { DeleteButton } from "./delete-button.tsx";
import { type KeyValueKind, keyValueApi } from "./environment-api.ts";
import { EditKeyValueForm } from "./key-value-form.tsx";
import { KIND_WORDS } from "./kinds.ts";
import { describeLinks } from "./links.ts";
import { MaskedValue } from "./masked-value.tsx";
import type { EnvironmentOwner } from "./owner.ts";
import { RowWithEditor } from "./row-with-editor.tsx";
import { tableClass, tbodyClass, td, th, theadClass } from "./table-styles.ts";
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
  const client = useTRPCClient();
  const words = KIND_WORDS[kind];
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>();
  const columns =
    3 + (words.hasDescription ? 1 : 0) + (owner.kind === "workspace" ? 1 : 0) + (canManage ? 1 : 0);
  const api = keyValueApi(client, kind, owner);
  const edit = (id: string) => {
    setNotice(undefined);
    setEditing(id);
  };

  if (rows.length === 0) {
    return (
      <div className="space-y-3 px-5 py-6 text-sm text-slate-600 dark:text-slate-400">
        <FormNotice message={notice} />
        <p>No {words.singular}s yet.</p>
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
      <div className="overflow-x-auto">
        <table className={tableClass}>
          <caption className="sr-only">{words.plural}</caption>
          <thead className={theadClass}>
            <tr>
              <th scope="col" className={th}>
                Key
              </th>
              <th scope="col" className={th}>
                Value
              </th>
              {words.hasDescription ? (
                <th scope="col" className={th}>
                  Description
                </th>
              ) : null}
              {owner.kind === "workspace" ? (
                <th scope="col" className={th}>
                  Delivered to
                </th>
              ) : null}
              <th scope="col" className={th}>
                Updated
              </th>
              {canManage ? (
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className={tbodyClass}>
            {rows.map((row) => (
              <RowWithEditor
                key={row.id}
                columns={columns}
                editing={editing === row.id}
                editor={
                  <EditKeyValueForm
                    kind={kind}
                    owner={owner}
                    row={row}
                    deployments={deployments}
                    onDone={(message) => {
                      setEditing(null);
                      setNotice(message || undefined);
                    }}
                  />
                }
                cells={
                  <>
                    <th scope="row" className="px-5 py-3 text-left align-top font-medium">
                      <code className="font-mono break-all text-slate-900 dark:text-white">{row.key}</code>
                    </th>
                    <td className={`${td} max-w-md`}>
                      <MaskedValue value={row.value} isSecret={row.isSecret} masked={row.masked} />
                    </td>
                    {words.hasDescription ? (
                      <td className={`${td} max-w-xs`}>{descriptionOf(row) || "—"}</td>
                    ) : null}
                    {owner.kind === "workspace" ? (
                      <td className={`${td} max-w-xs`}>{describeLinks(row, deployments)}</td>
                    ) : null}
                    <td className={`${td} whitespace-nowrap text-slate-600 dark:text-slate-400`}>
                      <time dateTime={row.updatedAt.toISOString()}>{formatUtc(row.updatedAt)}</time>
                    </td>
                  </>
                }
                actions={
                  canManage ? (
                    <td className={`${td} whitespace-nowrap text-right`}>
                      <span className="inline-flex items-center gap-4">
                        <button type="button" className={buttonClasses.link} onClick={() => edit(row.id)}>
                          Edit<span className="sr-only"> {row.key}</span>
                        </button>
                        <DeleteButton
                          name={row.key}
                          remove={() => api.delete(row.id)}
                          onDeleted={(message) => setNotice(message)}
                        />
                      </span>
                    </td>
                  ) : null
                }
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
