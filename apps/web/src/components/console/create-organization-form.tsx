"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { buttonClasses, FormError, fieldError, formError, TextField } from "@/components/forms.tsx";

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

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <FormError message={formError(create.error, ["name"])} />
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
      <button type="submit" className={`${buttonClasses.primary} w-full`} disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create organization"}
      </button>
    </form>
  );
}
