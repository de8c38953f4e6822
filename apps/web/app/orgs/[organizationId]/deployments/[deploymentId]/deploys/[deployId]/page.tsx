import { DescriptionList } from "@skyport/ui";
import type { Metadata } from "next";
import { loadDeployment } from "@/components/console/access.ts";
import { DeployStatusBadge, deployWhat, progressText } from "@/components/deploys/deploy-status.tsx";
import { DeploysPageHead, deploysHref } from "@/components/deploys/deploys-page-head.tsx";
import { RollbackDeploy } from "@/components/deploys/rollback-deploy.tsx";
import { Section } from "@/components/page-header.tsx";
import { formatUtc } from "@/components/time-format.ts";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Deploy" };

function FileList({ label, paths }: { label: string; paths: readonly string[] }) {
  if (paths.length === 0) return null;
  return (
    <div>
      <h3 className="text-sm font-medium text-fg">
        {label} ({paths.length})
      </h3>
      <ul className="mt-1 space-y-0.5 font-mono text-xs break-all text-fg-muted">
        {paths.map((path) => (
          <li key={path}>{path}</li>
        ))}
      </ul>
    </div>
  );
}

export default async function DeployPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string; deployId: string }>;
}) {
  const { organizationId, deploymentId, deployId } = await params;
  const caller = await getServerCaller();
  const [deployment, deploy] = await Promise.all([
    loadDeployment(organizationId, deploymentId),
    loadForPage(caller.deploy.get({ organizationId, deploymentId, deployId })),
  ]);
  const bundle = deploy.bundleSha256
    ? await loadForPage(caller.deploy.bundle({ organizationId, deploymentId, sha256: deploy.bundleSha256 }))
    : null;
  const listHref = deploysHref(organizationId, deploymentId);
  const canRollBack = deploy.status === "SUPERSEDED" && deploy.activatedAt !== null;
  const ci = deploy.ci;
  return (
    <div className="space-y-6">
      <DeploysPageHead
        organizationId={organizationId}
        deployment={deployment}
        deploy={`Deploy ${deploy.number}`}
        title={`Deploy ${deploy.number}`}
        description={deploy.description || "No description."}
        actions={
          canRollBack ? (
            <RollbackDeploy
              organizationId={organizationId}
              deploymentId={deploymentId}
              deploy={{ number: deploy.number, kind: deploy.kind, what: deployWhat(deploy) }}
              listHref={listHref}
            />
          ) : null
        }
      />
      <Section id="deploy-details-heading" title="Details">
        <DescriptionList
          className="px-5 py-4"
          items={[
            {
              term: "Status",
              detail: (
                <>
                  <DeployStatusBadge status={deploy.status} reason={deploy.statusReason} />
                  <span className="mt-1 block text-sm wrap-anywhere text-fg">
                    {progressText(deploy.progress) || deploy.statusReason || "—"}
                  </span>
                </>
              ),
            },
            { term: "Kind", detail: deploy.kind === "IMAGE" ? "Image" : "DAG bundle" },
            deploy.kind === "IMAGE"
              ? { term: "Image", detail: deploy.image ?? "", className: "font-mono break-all" }
              : {
                  term: "Bundle SHA-256",
                  detail: deploy.bundleSha256 ?? "",
                  className: "font-mono break-all",
                },
            ...(deploy.runtimeVersion
              ? [{ term: "Built for", detail: `Airflow ${deploy.runtimeVersion}` }]
              : []),
            { term: "By", detail: deploy.actor.label },
            {
              term: "Created",
              detail: <time dateTime={deploy.createdAt.toISOString()}>{formatUtc(deploy.createdAt)}</time>,
            },
            { term: "Active since", detail: deploy.activatedAt ? formatUtc(deploy.activatedAt) : "—" },
            ...(deploy.rollbackOf
              ? [{ term: "Rolls back to", detail: `Deploy ${deploy.rollbackOf.number}` }]
              : []),
            ...(ci.commit ? [{ term: "Commit", detail: ci.commit, className: "font-mono break-all" }] : []),
            ...(ci.branch ? [{ term: "Branch", detail: ci.branch }] : []),
            ...(ci.pipelineUrl ? [{ term: "Pipeline", detail: ci.pipelineUrl, className: "break-all" }] : []),
          ]}
        />
      </Section>
      {deploy.diff ? (
        <Section
          id="deploy-changes-heading"
          title="Changes"
          description={
            deploy.diff.previousDeploy
              ? `Against deploy ${deploy.diff.previousDeploy.number}: ${deploy.diff.unchanged} files unchanged.`
              : "The first DAG bundle deploy of this deployment."
          }
        >
          <div className="space-y-4 px-5 py-4">
            <FileList label="Added" paths={deploy.diff.added} />
            <FileList label="Changed" paths={deploy.diff.changed} />
            <FileList label="Removed" paths={deploy.diff.removed} />
            {deploy.diff.added.length + deploy.diff.changed.length + deploy.diff.removed.length === 0 ? (
              <p className="text-sm text-fg-muted">No file changed.</p>
            ) : null}
          </div>
        </Section>
      ) : null}
      {bundle ? (
        <Section
          id="deploy-files-heading"
          title="Files in the bundle"
          description={`${bundle.fileCount} files, ${bundle.uncompressedBytes} bytes unpacked.`}
        >
          <div className="px-5 py-4">
            <FileList label="Files" paths={bundle.files.map((file) => file.path)} />
          </div>
        </Section>
      ) : null}
    </div>
  );
}
