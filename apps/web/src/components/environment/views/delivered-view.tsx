import { HeaderRow, Table, TBody, Td, Th, Tr } from "@skyport/ui";
import { Section } from "@/components/page-header.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { loadForPage } from "@/server/trpc/server-caller.ts";
import { formatUsage, KIND_LABELS } from "../delivered.ts";
import { MaskedValue } from "../masked-value.tsx";
import type { EnvironmentPageData } from "../page-data.ts";
import type { DeliveredObject } from "../types.ts";

function DeliveredTable({ objects, caption }: { objects: DeliveredObject[]; caption: string }) {
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <HeaderRow columns={["Environment variable", "From", "Defined on", "Value"]} />
      <TBody>
        {objects.map((object) => (
          <Tr key={`${object.kind}-${object.id}`}>
            <Th scope="row">
              <code className="font-mono break-all">{object.name}</code>
            </Th>
            <Td label="From">
              {KIND_LABELS[object.kind]}
              {object.key !== object.name ? (
                <code className="ml-1.5 font-mono text-xs break-all text-fg-muted">{object.key}</code>
              ) : null}
            </Td>
            <Td label="Defined on">
              {object.scope === "DEPLOYMENT" ? (
                <StatusBadge tone="good">This deployment</StatusBadge>
              ) : (
                <StatusBadge tone="neutral">Workspace</StatusBadge>
              )}
            </Td>
            <Td label="Value" className="sm:max-w-md">
              <MaskedValue value={object.value} isSecret={object.isSecret} masked={object.masked} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

/** What the deployment's Airflow containers receive: its own objects and its workspace's linked ones. */
export async function DeliveredView({ data }: { data: EnvironmentPageData }) {
  const { owner, caller } = data;
  if (owner.kind !== "deployment") return null;
  const environment = await loadForPage(
    caller.deploymentEnvironment.get({
      organizationId: owner.organizationId,
      deploymentId: owner.deploymentId,
    }),
  );
  return (
    <>
      <Section
        id="delivered-heading"
        title={`Delivered (${environment.delivered.length})`}
        description={
          <>
            The environment of every Airflow container: this deployment's own objects and the workspace
            objects linked to it. Where both set the same name, the deployment's own wins. Size of the
            environment Secret: {formatUsage(environment.totalBytes, environment.limitBytes)}.
          </>
        }
      >
        {environment.delivered.length === 0 ? (
          <p className="px-5 py-6 text-sm text-fg-muted">
            Nothing yet: add environment variables, connections or Airflow variables here, or link workspace
            ones to this deployment.
          </p>
        ) : (
          <DeliveredTable objects={environment.delivered} caption="What this deployment receives" />
        )}
      </Section>
      {environment.overridden.length > 0 ? (
        <Section
          id="overridden-heading"
          title={`Overridden (${environment.overridden.length})`}
          description="Workspace objects linked to this deployment that it does not receive, because its own object of the same name replaces them."
        >
          <DeliveredTable
            objects={environment.overridden}
            caption="Workspace objects this deployment replaces"
          />
        </Section>
      ) : null}
    </>
  );
}
