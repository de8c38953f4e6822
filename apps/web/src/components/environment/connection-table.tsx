"use client";

import { useState } from "react";
import { useTRPCClient } from "@/client/trpc.tsx";
import { buttonClasses, FormNotice } from "@/components/forms.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { EditConnectionForm } from "./connection-form.tsx";
import { hostAndPort } from "./connection-model.ts";
import { DeleteButton } from "./delete-button.tsx";
import { connectionApi } from "./environment-api.ts";
import { describeLinks } from "./links.ts";
import type { EnvironmentOwner } from "./owner.ts";
import { RowWithEditor } from "./row-with-editor.tsx";
import { tableClass, tbodyClass, td, th, theadClass } from "./table-styles.ts";
import type { AirflowConnection, LinkableDeployment } from "./types.ts";

const hidden = <span className="font-sans text-sm text-slate-500 italic dark:text-slate-400">Hidden</span>;
const none = <span className="text-slate-400 dark:text-slate-500">—</span>;

/** The extra as a list of fields; secret ones (sent as null) show as dots. */
function ExtraCell({ connection }: { connection: AirflowConnection }) {
  if (connection.extra === null) return none;
  const entries = Object.entries(connection.extra);
  if (entries.length === 0) return none;
  return (
    <dl className="space-y-0.5 font-mono text-xs">
      {entries.map(([field, value]) => (
        <div key={field} className="flex gap-1.5">
          <dt className="text-slate-600 dark:text-slate-400">{field}:</dt>
          <dd className="min-w-0 break-all text-slate-900 dark:text-slate-100">
            {connection.secretExtraFields.includes(field) ? (
              <span className="tracking-widest text-slate-500" title="Secret field">
                ••••••<span className="sr-only">secret</span>
              </span>
            ) : (
              JSON.stringify(value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * An owner's Airflow connections. Names-only readers see the id, type and description; the
 * password is never shown to anyone, only whether one is stored.
 */
export function ConnectionTable({
  owner,
  connections,
  canManage,
  seesValues,
  deployments,
}: {
  owner: EnvironmentOwner;
  connections: AirflowConnection[];
  canManage: boolean;
  /** False for names-only readers: the server withheld every delivered field. */
  seesValues: boolean;
  deployments: readonly LinkableDeployment[];
}) {
  const client = useTRPCClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>();
  const api = connectionApi(client, owner);
  const columns = 5 + (owner.kind === "workspace" ? 1 : 0) + (canManage ? 1 : 0);
  const edit = (id: string) => {
    setNotice(undefined);
    setEditing(id);
  };

  if (connections.length === 0) {
    return (
      <div className="space-y-3 px-5 py-6 text-sm text-slate-600 dark:text-slate-400">
        <FormNotice message={notice} />
        <p>No Airflow connections yet.</p>
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
          <caption className="sr-only">Airflow connections</caption>
          <thead className={theadClass}>
            <tr>
              <th scope="col" className={th}>
                Connection
              </th>
              <th scope="col" className={th}>
                Host and schema
              </th>
              <th scope="col" className={th}>
                Login
              </th>
              <th scope="col" className={th}>
                Password
              </th>
              <th scope="col" className={th}>
                Extra
              </th>
              {owner.kind === "workspace" ? (
                <th scope="col" className={th}>
                  Delivered to
                </th>
              ) : null}
              {canManage ? (
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className={tbodyClass}>
            {connections.map((connection) => {
              const target = hostAndPort(connection);
              return (
                <RowWithEditor
                  key={connection.id}
                  columns={columns}
                  editing={editing === connection.id}
                  editor={
                    <EditConnectionForm
                      owner={owner}
                      connection={connection}
                      deployments={deployments}
                      onDone={(message) => {
                        setEditing(null);
                        setNotice(message || undefined);
                      }}
                    />
                  }
                  cells={
                    <>
                      <th scope="row" className="px-5 py-3 text-left align-top font-normal">
                        <code className="font-mono font-medium break-all text-slate-900 dark:text-white">
                          {connection.connectionId}
                        </code>
                        <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                          {connection.connType}
                          {connection.description ? ` · ${connection.description}` : ""}
                        </p>
                      </th>
                      <td className={`${td} font-mono text-xs break-all`}>
                        {!seesValues ? (
                          hidden
                        ) : target || connection.schema ? (
                          <>
                            {target ?? ""}
                            {connection.schema ? `/${connection.schema}` : ""}
                          </>
                        ) : (
                          none
                        )}
                      </td>
                      <td className={`${td} font-mono text-xs break-all`}>
                        {!seesValues ? hidden : (connection.login ?? none)}
                      </td>
                      <td className={td}>
                        {connection.passwordSet ? (
                          <StatusBadge tone="warning">Set · secret</StatusBadge>
                        ) : (
                          none
                        )}
                      </td>
                      <td className={`${td} max-w-xs`}>
                        {!seesValues ? hidden : <ExtraCell connection={connection} />}
                      </td>
                      {owner.kind === "workspace" ? (
                        <td className={`${td} max-w-xs`}>{describeLinks(connection, deployments)}</td>
                      ) : null}
                    </>
                  }
                  actions={
                    canManage ? (
                      <td className={`${td} whitespace-nowrap text-right`}>
                        <span className="inline-flex items-center gap-4">
                          <button
                            type="button"
                            className={buttonClasses.link}
                            onClick={() => edit(connection.id)}
                          >
                            Edit<span className="sr-only"> {connection.connectionId}</span>
                          </button>
                          <DeleteButton
                            name={connection.connectionId}
                            remove={() => api.delete(connection.id)}
                            onDeleted={(message) => setNotice(message)}
                          />
                        </span>
                      </td>
                    ) : null
                  }
                />
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
