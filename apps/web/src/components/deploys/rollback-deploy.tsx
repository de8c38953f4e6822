"use client";

import { ConfirmAction } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/client/trpc.tsx";

/** Rolling back asks first: it is a new deploy that replaces what the runtime runs now. */
export function RollbackDeploy({
  organizationId,
  deploymentId,
  deploy,
  listHref,
}: {
  organizationId: string;
  deploymentId: string;
  deploy: { number: number; kind: string; what: string };
  listHref: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const rollback = useMutation(trpc.deploy.rollback.mutationOptions());
  return (
    <ConfirmAction
      label={`Roll back to deploy ${deploy.number}`}
      title={`Roll back to deploy ${deploy.number}?`}
      confirmLabel="Roll back"
      pendingLabel="Rolling back…"
      variant="primary"
      triggerVariant="secondary"
      onConfirm={async () => {
        await rollback.mutateAsync({ organizationId, deploymentId, deployId: String(deploy.number) });
        router.push(listHref);
        router.refresh();
      }}
    >
      <p>
        A new deploy puts {deploy.kind === "IMAGE" ? "the image" : "the DAG bundle"}{" "}
        <code className="font-mono break-all">{deploy.what}</code> back into the deployment; the current{" "}
        {deploy.kind === "IMAGE" ? "image" : "bundle"} is superseded. The history keeps both.
      </p>
    </ConfirmAction>
  );
}
