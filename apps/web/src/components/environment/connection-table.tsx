"use client";

import { useTRPCClient } from "@/client/trpc.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { EditConnectionForm } from "./connection-form.tsx";
import { hostAndPort } from "./connection-model.ts";
import { connectionApi } from "./environment-api.ts";
import { type EnvironmentColumn, EnvironmentTable, linksColumn } from "./environment-table.tsx";
import type { EnvironmentOwner } from "./owner.ts";
import type { AirflowConnection, LinkableDeployment } from "./types.ts";

const hidden = <span className="font-sans text-sm text-fg-subtle italic">Hidden</span>;
const none = <span className="text-fg-subtle">—</span>;

/** The extra as a list of fields; secret ones (sent as null) show as dots. */
function ExtraCell({ connection }: { connection: AirflowConnection }) {
  if (connection.extra === null) return none;
  const entries = Object.entries(connection.extra);
  if (entries.length === 0) return none;
  return (
    <dl className="space-y-0.5 font-mono text-xs">
      {entries.map(([field, value]) => (
        <div key={field} className="flex gap-1.5">
          <dt className="text-fg-muted">{field}:</dt>
          <dd className="min-w-0 break-all text-fg">
            {connection.secretExtraFields.includes(field) ? (
              <span className="tracking-widest text-fg-subtle" title="Secret field">
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
      className: "font-normal",
      cell: (connection) => (
        <>
          <code className="font-mono font-medium break-all">{connection.connectionId}</code>
          <p className="mt-0.5 text-xs wrap-anywhere text-fg-muted">
            {connection.connType}
            {connection.description ? ` · ${connection.description}` : ""}
          </p>
        </>
      ),
    },
    {
      header: "Host and schema",
      className: "font-mono text-xs break-all",
      cell: (connection) => {
        const target = hostAndPort(connection);
        if (!seesValues) return hidden;
        if (!target && !connection.schema) return none;
        return `${target ?? ""}${connection.schema ? `/${connection.schema}` : ""}`;
      },
    },
    {
      header: "Login",
      className: "font-mono text-xs break-all",
      cell: (connection) => (!seesValues ? hidden : (connection.login ?? none)),
    },
    {
      header: "Password",
      cell: (connection) =>
        connection.passwordSet ? <StatusBadge tone="warning">Set · secret</StatusBadge> : none,
    },
    {
      header: "Extra",
      className: "sm:max-w-xs",
      cell: (connection) => (!seesValues ? hidden : <ExtraCell connection={connection} />),
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
