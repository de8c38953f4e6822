import { Section } from "@/components/page-header.tsx";
import { loadForPage } from "@/server/trpc/server-caller.ts";
import { CreateConnectionForm } from "../connection-form.tsx";
import { ConnectionTable } from "../connection-table.tsx";
import type { EnvironmentPageData } from "../page-data.ts";
import type { AirflowConnection } from "../types.ts";
import { allPages } from "./all-pages.ts";

function loadConnections({ caller, owner }: EnvironmentPageData): Promise<AirflowConnection[]> {
  return allPages((page) => caller.airflowConnection.list({ owner, ...page }));
}

/** One owner's Airflow connections, and (for editors) the form to add one from fields or a URI. */
export async function ConnectionsView({ data }: { data: EnvironmentPageData }) {
  const connections = await loadForPage(loadConnections(data));
  return (
    <>
      <Section
        id="connections-heading"
        title={`Airflow connections (${connections.length})`}
        description={
          data.owner.kind === "deployment"
            ? "Delivered as AIRFLOW_CONN_<ID>, so hooks and operators find them by conn_id without touching Airflow's database. Passwords and secret extra fields are write-only."
            : "Delivered as AIRFLOW_CONN_<ID> to the deployments each one is linked to; a deployment's own connection of the same id wins. Passwords and secret extra fields are write-only."
        }
      >
        <ConnectionTable
          owner={data.owner}
          connections={connections}
          canManage={data.access.canManage}
          seesValues={data.access.seesValues}
          deployments={data.deployments}
        />
      </Section>
      {data.access.canManage ? (
        <Section id="new-connection-heading" title="Add an Airflow connection">
          <CreateConnectionForm owner={data.owner} deployments={data.deployments} />
        </Section>
      ) : null}
    </>
  );
}
