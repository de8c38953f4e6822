"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/client/trpc.tsx";
import { DeleteByName } from "@/components/delete-by-name.tsx";
import { asSentence, fieldId, messageFor } from "./format.ts";

/** Deleting asks for the deployment's name, typed out, so it is never a slip of the mouse. */
export function DeleteDeployment({
  organizationId,
  deployment,
}: {
  organizationId: string;
  deployment: { id: string; name: string; workspaceId: string; namespace: string };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.deployment.delete.mutationOptions({
      onSuccess: () => {
        router.push(`/orgs/${organizationId}/workspaces/${deployment.workspaceId}/deployments`);
        router.refresh();
      },
    }),
  );
  const confirmError = messageFor(remove.error, "confirmName");

  return (
    <DeleteByName
      name={deployment.name}
      noun="deployment"
      inputId={fieldId("confirmName")}
      formLabel="Delete deployment"
      formError={confirmError ? undefined : asSentence(remove.error?.message)}
      confirmError={confirmError}
      pending={remove.isPending}
      onConfirmed={(typed) =>
        remove.mutate({ organizationId, deploymentId: deployment.id, confirmName: typed })
      }
    >
      Deleting removes the runtime: its Kubernetes namespace{" "}
      <code className="font-mono">{deployment.namespace}</code>, its metadata database (DAG runs, task
      history, connections and variables stored in Airflow) and everything in them. The audit log keeps the
      deployment's history. This cannot be undone.
    </DeleteByName>
  );
}
