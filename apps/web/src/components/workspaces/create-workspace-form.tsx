"use client";

import { FormShell } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { formError } from "@/components/forms.tsx";
import { sentence } from "./role-options.ts";
import { WorkspaceFields } from "./workspace-fields.tsx";

/** Organization owners create workspaces; the new workspace opens right away. */
export function CreateWorkspaceForm({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation(
    trpc.workspace.create.mutationOptions({
      onSuccess: (workspace) => {
        router.push(`/orgs/${organizationId}/workspaces/${workspace.id}`);
        router.refresh();
      },
    }),
  );

  return (
    <FormShell
      onSubmit={() => create.mutate({ organizationId, name, description })}
      error={sentence(formError(create.error, ["name", "description"]))}
      submitLabel="Create workspace"
      pendingLabel="Creating…"
      pending={create.isPending}
    >
      <WorkspaceFields
        name={name}
        onNameChange={setName}
        description={description}
        onDescriptionChange={setDescription}
        error={create.error}
        creating
      />
    </FormShell>
  );
}
