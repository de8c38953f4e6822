"use client";

import type { OrganizationRole } from "@skyport/domain";
import { useTextInputs } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormError, FormNotice, formError, SelectField, TextField } from "@/components/forms.tsx";
import { ORGANIZATION_ROLE_OPTIONS } from "@/components/roles.ts";

/** Invite by email with a role; the email with the accept link is sent in the background. */
export function InviteForm({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { values, bind, setValues } = useTextInputs({ email: "", role: "ORGANIZATION_MEMBER" });
  const [notice, setNotice] = useState<string>();
  const invite = useMutation(
    trpc.invitation.create.mutationOptions({
      onSuccess: ({ invitation, emailQueued }) => {
        setNotice(
          emailQueued
            ? `Invitation sent to ${invitation.email}.`
            : `Invitation created for ${invitation.email}, but the email could not be queued. Use “Resend” below.`,
        );
        setValues((current) => ({ ...current, email: "" }));
        router.refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(undefined);
    invite.mutate({ organizationId, email: values.email, role: values.role as OrganizationRole });
  }

  return (
    <form onSubmit={submit} className="space-y-4 px-5 py-4" noValidate>
      <FormError message={formError(invite.error, ["email", "role"])} />
      <FormNotice message={notice} />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-start">
        <TextField
          label="Email"
          type="email"
          autoComplete="off"
          required
          placeholder="colleague@example.com"
          {...bind("email", invite.error, "invite-email")}
        />
        <SelectField
          label="Role"
          options={ORGANIZATION_ROLE_OPTIONS}
          {...bind("role", invite.error, "invite-role")}
        />
        <Button type="submit" className="sm:mt-7" disabled={invite.isPending}>
          {invite.isPending ? "Inviting…" : "Send invitation"}
        </Button>
      </div>
    </form>
  );
}
