"use client";

import { FormShell } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { fieldError, formError, TextField } from "@/components/forms.tsx";

export function CreateOrganizationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.organization.create.mutationOptions({
      onSuccess: (organization) => {
        router.push(`/orgs/${organization.id}`);
        router.refresh();
      },
    }),
  );

  return (
    <FormShell
      block
      onSubmit={() => create.mutate({ name })}
      error={formError(create.error, ["name"])}
      submitLabel="Create organization"
      pendingLabel="Creating…"
      pending={create.isPending}
    >
      <TextField
        id="organization-name"
        label="Organization name"
        autoComplete="organization"
        required
        value={name}
        onChange={(event) => setName(event.target.value)}
        hint="2 to 80 characters. You will be its owner."
        error={fieldError(create.error, "name")}
      />
    </FormShell>
  );
}
