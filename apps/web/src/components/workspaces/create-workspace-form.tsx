"use client";

import { FormShell } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { fieldError, formError, TextField } from "@/components/forms.tsx";
import { DescriptionField } from "./description-field.tsx";
import { sentence } from "./role-options.ts";

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
      <div className="grid gap-4 lg:grid-cols-2">
        <TextField
          id="workspace-name"
          label="Name"
          required
          autoComplete="off"
          placeholder="e.g. Analytics"
          value={name}
          onChange={(event) => setName(event.target.value)}
          hint="Up to 60 characters, unique in the organization."
          error={sentence(fieldError(create.error, "name"))}
        />
        <DescriptionField
          id="workspace-description"
          value={description}
          onChange={setDescription}
          error={sentence(fieldError(create.error, "description"))}
        />
      </div>
    </FormShell>
  );
}
