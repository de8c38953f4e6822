import { HeaderRow, Table, TBody, Td, Th, Tr, Truncate } from "@skyport/ui";
import { MomentCell } from "@/components/moment.tsx";
import { RowNameLink } from "@/components/row-name-link.tsx";
import { DeploymentStatusBadge } from "./deployment-status.tsx";
import { EXECUTOR_LABELS } from "./format.ts";
import type { DeploymentListItem } from "./types.ts";

/**
 * A workspace's deployments. Names and status reasons are the only long texts: they are cut
 * to one line with the whole text as tooltip, so every row stays one line tall and the last
 * column stays in view on a laptop screen.
 */
export function DeploymentsTable({
  organizationId,
  deployments,
}: {
  organizationId: string;
  deployments: readonly DeploymentListItem[];
}) {
  return (
    <Table className="sm:min-w-[48rem] sm:table-fixed">
      <caption className="sr-only">Deployments in this workspace, with their status</caption>
      <colgroup>
        <col className="w-[28%]" />
        <col />
        <col className="w-32" />
        <col className="w-28" />
        <col className="w-52" />
      </colgroup>
      <HeaderRow columns={["Name", "Status", "Runtime", "Executor", "Updated"]} />
      <TBody>
        {deployments.map((deployment) => (
          <Tr key={deployment.id} className="hover:bg-surface-muted">
            <Th scope="row">
              <RowNameLink
                href={`/orgs/${organizationId}/deployments/${deployment.id}`}
                name={deployment.name}
                mono
              />
              {deployment.description ? (
                <Truncate
                  text={deployment.description}
                  className="mt-0.5 text-xs font-normal text-fg-muted"
                />
              ) : null}
            </Th>
            <Td label="Status">
              <DeploymentStatusBadge status={deployment.status} reason={deployment.statusReason} />
              {deployment.statusReason ? (
                <Truncate text={deployment.statusReason} className="mt-1 text-xs text-fg-muted" />
              ) : null}
            </Td>
            <Td label="Runtime" className="whitespace-nowrap">
              Airflow {deployment.spec.runtimeVersion}
            </Td>
            <Td label="Executor" className="whitespace-nowrap">
              {EXECUTOR_LABELS[deployment.spec.executor] ?? deployment.spec.executor}
            </Td>
            <MomentCell label="Updated" at={deployment.updatedAt} />
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
