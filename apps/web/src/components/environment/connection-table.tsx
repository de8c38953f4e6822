"use client";

import { useTRPCClient } from "@/client/trpc.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { EditConnectionForm } from "./connection-form.tsx";
import { hostAndPort } from "./connection-model.ts";
import { connectionApi } from "./environment-api.ts";
import { type EnvironmentColumn, EnvironmentTable, linksColumn } from "./environment-table.tsx";
import type { EnvironmentOwner } from "./owner.ts";
import { td } from "./table-styles.ts";
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
  const api = connectionApi(useTRPCClient(), owner);
  const columns: EnvironmentColumn<AirflowConnection>[] = [
    {
      header: "Connection",
      cell: (connection) => (
        <th scope="row" className="px-5 py-3 text-left align-top font-normal">
          <code className="font-mono font-medium break-all text-slate-900 dark:text-white">
            {connection.connectionId}
          </code>
          <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
            {connection.connType}
            {connection.description ? ` · ${connection.description}` : ""}
          </p>
        </th>
      ),
    },
    {
      header: "Host and schema",
      cell: (connection) => {
        const target = hostAndPort(connection);
        return (
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
        );
      },
    },
    {
      header: "Login",
      cell: (connection) => (
        <td className={`${td} font-mono text-xs break-all`}>
          {!seesValues ? hidden : (connection.login ?? none)}
        </td>
      ),
    },
    {
      header: "Password",
      cell: (connection) => (
        <td className={td}>
          {connection.passwordSet ? <StatusBadge tone="warning">Set · secret</StatusBadge> : none}
        </td>
      ),
    },
    {
      header: "Extra",
      cell: (connection) => (
        <td className={`${td} max-w-xs`}>{!seesValues ? hidden : <ExtraCell connection={connection} />}</td>
      ),
    },
    ...linksColumn<AirflowConnection>(owner, deployments),
  ];
  return (
    <EnvironmentTable
      caption="Airflow connections"
      empty="No Airflow connections yet."
      rows={connections}
      columns={columns}
      canManage={canManage}
      nameOf={(connection) => connection.connectionId}
      remove={(connection) => api.delete(connection.id)}
      editor={(connection, onDone) => (
        <EditConnectionForm owner={owner} connection={connection} deployments={deployments} onDone={onDone} />
      )}
    />
  );
}
