import { HeaderRow, Table, TBody, Td, Th, Tr, Truncate } from "@skyport/ui";
import Link from "next/link";
import { MomentCell } from "@/components/moment.tsx";
import { DeployStatusBadge, deployWhat, progressText } from "./deploy-status.tsx";
import type { DeployItem } from "./types.ts";

/** A deployment's deploys, newest first; the current bundle and image are marked. */
export function DeploysTable({ base, deploys }: { base: string; deploys: readonly DeployItem[] }) {
  return (
    <Table className="sm:min-w-[48rem] sm:table-fixed">
      <caption className="sr-only">The deployment's deploys, newest first</caption>
      <colgroup>
        <col className="w-14" />
        <col className="w-[30%]" />
        <col />
        <col className="w-36" />
        <col className="w-52" />
      </colgroup>
      <HeaderRow columns={["#", "What", "Status", "By", "When"]} />
      <TBody>
        {deploys.map((deploy) => {
          const reason = deploy.progress ? progressText(deploy.progress) : deploy.statusReason;
          return (
            <Tr key={deploy.id} className="hover:bg-surface-muted">
              <Th scope="row">
                <Link
                  href={`${base}/${deploy.number}`}
                  className="rounded font-mono text-sm text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
                >
                  {deploy.number}
                  <span className="sr-only"> (details)</span>
                </Link>
              </Th>
              <Td label="What">
                <span className="text-xs text-fg-muted">
                  {deploy.kind === "IMAGE" ? "Image" : "DAG bundle"}
                </span>
                <Truncate text={deployWhat(deploy)} className="font-mono text-sm" />
                {deploy.description ? (
                  <Truncate text={deploy.description} className="mt-0.5 text-xs text-fg-muted" />
                ) : null}
              </Td>
              <Td label="Status">
                <DeployStatusBadge status={deploy.status} reason={deploy.statusReason} />
                {deploy.status === "ACTIVE" ? (
                  <span className="ml-2 text-xs font-medium text-fg">
                    current {deploy.kind === "IMAGE" ? "image" : "bundle"}
                  </span>
                ) : null}
                {reason ? <Truncate text={reason} className="mt-1 text-xs text-fg-muted" /> : null}
              </Td>
              <Td label="By">
                <Truncate text={deploy.actor.label} />
              </Td>
              <MomentCell label="When" at={deploy.createdAt} />
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
