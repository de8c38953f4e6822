import { Section } from "@/components/page-header.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { loadForPage } from "@/server/trpc/server-caller.ts";
import { formatUsage, KIND_LABELS } from "../delivered.ts";
import { MaskedValue } from "../masked-value.tsx";
import type { EnvironmentPageData } from "../page-data.ts";
import { tableClass, tbodyClass, td, th, theadClass } from "../table-styles.ts";
import type { DeliveredObject } from "../types.ts";

function DeliveredTable({ objects, caption }: { objects: DeliveredObject[]; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className={tableClass}>
        <caption className="sr-only">{caption}</caption>
        <thead className={theadClass}>
          <tr>
            <th scope="col" className={th}>
              Environment variable
            </th>
            <th scope="col" className={th}>
              From
            </th>
            <th scope="col" className={th}>
              Defined on
            </th>
            <th scope="col" className={th}>
              Value
            </th>
          </tr>
        </thead>
        <tbody className={tbodyClass}>
          {objects.map((object) => (
            <tr key={`${object.kind}-${object.id}`}>
              <th scope="row" className="px-5 py-3 text-left align-top font-medium">
                <code className="font-mono break-all text-slate-900 dark:text-white">{object.name}</code>
              </th>
              <td className={td}>
                {KIND_LABELS[object.kind]}
                {object.key !== object.name ? (
                  <code className="ml-1.5 font-mono text-xs text-slate-600 dark:text-slate-400">
                    {object.key}
                  </code>
                ) : null}
              </td>
              <td className={td}>
                {object.scope === "DEPLOYMENT" ? (
                  <StatusBadge tone="good">This deployment</StatusBadge>
                ) : (
                  <StatusBadge tone="neutral">Workspace</StatusBadge>
                )}
              </td>
              <td className={`${td} max-w-md`}>
                <MaskedValue value={object.value} isSecret={object.isSecret} masked={object.masked} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
          <p className="px-5 py-6 text-sm text-slate-600 dark:text-slate-400">
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
