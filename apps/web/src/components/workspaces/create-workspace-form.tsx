"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormError, fieldError, formError, TextField } from "@/components/forms.tsx";
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

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ organizationId, name, description });
  }

  return (
    <form onSubmit={submit} className="space-y-4 px-5 py-4" noValidate>
      <FormError message={sentence(formError(create.error, ["name", "description"]))} />
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
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
