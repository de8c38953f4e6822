"use client";

import { FormShell, useTextInputs } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/client/trpc.tsx";
import { formError, TextField } from "@/components/forms.tsx";

export function CreateOrganizationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const { values, bind } = useTextInputs({ name: "" });
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
      onSubmit={() => create.mutate(values)}
      error={formError(create.error, ["name"])}
      submitLabel="Create organization"
      pendingLabel="Creating…"
      pending={create.isPending}
    >
      <TextField
        label="Organization name"
        autoComplete="organization"
        required
        hint="2 to 80 characters. You will be its owner."
        {...bind("name", create.error, "organization-name")}
      />
    </FormShell>
  );
}
