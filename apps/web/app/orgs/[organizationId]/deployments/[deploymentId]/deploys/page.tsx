import { EmptyState } from "@skyport/ui";
import type { Metadata } from "next";
import { loadDeployment } from "@/components/console/access.ts";
import { DeploysPageHead, deploysHref } from "@/components/deploys/deploys-page-head.tsx";
import { DeploysTable } from "@/components/deploys/deploys-table.tsx";
import { Section } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Deploys" };

const HISTORY_SHOWN = 50;

export default async function DeploysPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  const caller = await getServerCaller();
  const [deployment, page] = await Promise.all([
    loadDeployment(organizationId, deploymentId),
    loadForPage(caller.deploy.list({ organizationId, deploymentId, limit: HISTORY_SHOWN })),
  ]);
  return (
    <div className="space-y-6">
      <DeploysPageHead
        organizationId={organizationId}
        deployment={deployment}
        title="Deploys"
        description={`The code “${deployment.name}” runs: DAG bundles and images, who deployed them and when, newest first.`}
      />
      <Section id="deploys-history-heading" title="History">
        {page.items.length === 0 ? (
          <div className="px-5 py-4">
            <EmptyState title="Nothing deployed yet">
              <p>Deploy a folder of DAGs from your project with the Skyport CLI:</p>
              <pre className="mt-2 overflow-x-auto rounded-md bg-surface-muted px-3 py-2 font-mono text-xs text-fg">
                {`skyport deploy ./dags --deployment ${deployment.name} --wait`}
              </pre>
              <p className="mt-2">
                or a customer image built FROM the runtime's official image:{" "}
                <code className="font-mono break-all">
                  skyport deploy --image REPO:TAG --runtime-version {deployment.spec.runtimeVersion}{" "}
                  --deployment {deployment.name}
                </code>
              </p>
            </EmptyState>
          </div>
        ) : (
          <>
            <DeploysTable base={deploysHref(organizationId, deploymentId)} deploys={page.items} />
            {page.nextCursor ? (
              <p className="px-5 py-3 text-sm text-fg-muted">
                The {HISTORY_SHOWN} newest deploys; <code className="font-mono">skyport deploy list</code>{" "}
                shows all of them.
              </p>
            ) : null}
          </>
        )}
      </Section>
    </div>
  );
}
