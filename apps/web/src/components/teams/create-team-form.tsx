"use client";

import { FormShell } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { fieldError, formError, TextField } from "@/components/forms.tsx";
import { DescriptionField } from "@/components/workspaces/description-field.tsx";
import { sentence } from "@/components/workspaces/role-options.ts";

export function CreateTeamForm({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [notice, setNotice] = useState<string>();
  const create = useMutation(
    trpc.team.create.mutationOptions({
      onSuccess: (team) => {
        setNotice(`Team ${team.name} created. Add its members below.`);
        setName("");
        setDescription("");
        router.refresh();
      },
    }),
  );

  return (
    <FormShell
      onSubmit={() => {
        setNotice(undefined);
        create.mutate({ organizationId, name, description });
      }}
      error={sentence(formError(create.error, ["name", "description"]))}
      notice={notice}
      submitLabel="Create team"
      pendingLabel="Creating…"
      pending={create.isPending}
    >
      <div className="grid gap-4 lg:grid-cols-2">
        <TextField
          id="team-name"
          label="Name"
          required
          autoComplete="off"
          placeholder="e.g. Data platform"
          value={name}
          onChange={(event) => setName(event.target.value)}
          hint="Up to 60 characters, unique in the organization."
          error={sentence(fieldError(create.error, "name"))}
        />
        <DescriptionField
          id="team-description"
          value={description}
          onChange={setDescription}
          error={sentence(fieldError(create.error, "description"))}
        />
      </div>
    </FormShell>
  );
}
