"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormError, TextField } from "@/components/forms.tsx";
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
  const [typed, setTyped] = useState("");
  const remove = useMutation(
    trpc.deployment.delete.mutationOptions({
      onSuccess: () => {
        router.push(`/orgs/${organizationId}/workspaces/${deployment.workspaceId}/deployments`);
        router.refresh();
      },
    }),
  );
  const confirmError = messageFor(remove.error, "confirmName");

  function submit(event: FormEvent) {
    event.preventDefault();
    if (typed !== deployment.name) return;
    remove.mutate({ organizationId, deploymentId: deployment.id, confirmName: typed });
  }

  return (
    <form onSubmit={submit} className="space-y-4 px-5 py-4" noValidate aria-label="Delete deployment">
      <FormError message={confirmError ? undefined : asSentence(remove.error?.message)} />
      <p className="text-sm text-fg">
        Deleting removes the runtime: its Kubernetes namespace{" "}
        <code className="font-mono">{deployment.namespace}</code>, its metadata database (DAG runs, task
        history, connections and variables stored in Airflow) and everything in them. The audit log keeps the
        deployment's history. This cannot be undone.
      </p>
      <div className="flex flex-wrap items-end gap-4">
        <div className="w-full max-w-sm">
          <TextField
            id={fieldId("confirmName")}
            label={`Type “${deployment.name}” to confirm`}
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            error={confirmError}
          />
        </div>
        <Button type="submit" variant="danger" disabled={typed !== deployment.name || remove.isPending}>
          {remove.isPending ? "Deleting…" : "Delete deployment"}
        </Button>
      </div>
    </form>
  );
}
