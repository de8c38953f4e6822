import { HeaderRow, Table, TBody, Td, Th, Tr, Truncate } from "@skyport/ui";
import Link from "next/link";
import { formatUtc } from "@/components/time-format.ts";
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
              <Link
                href={`/orgs/${organizationId}/deployments/${deployment.id}`}
                className="block rounded font-mono text-sm text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
              >
                <Truncate text={deployment.name} />
              </Link>
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
            <Td label="Updated" className="whitespace-nowrap text-fg-muted">
              <time dateTime={deployment.updatedAt.toISOString()}>{formatUtc(deployment.updatedAt)}</time>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
