"use client";

import { FormShell, useTextInputs } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormError, formError, TextField } from "@/components/forms.tsx";

export function RenameOrganizationForm({ organizationId, name }: { organizationId: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { values, bind } = useTextInputs({ name });
  const [notice, setNotice] = useState<string>();
  const rename = useMutation(
    trpc.organization.rename.mutationOptions({
      onSuccess: (organization) => {
        setNotice(`Renamed to ${organization.name}.`);
        router.refresh();
      },
    }),
  );

  return (
    <FormShell
      onSubmit={() => {
        setNotice(undefined);
        rename.mutate({ organizationId, ...values });
      }}
      error={formError(rename.error, ["name"])}
      notice={notice}
      submitLabel="Rename"
      pendingLabel="Saving…"
      pending={rename.isPending}
      disabled={values.name.trim() === name}
    >
      <TextField
        label="Organization name"
        required
        hint="2 to 80 characters."
        {...bind("name", rename.error, "organization-name")}
      />
    </FormShell>
  );
}

export function LeaveOrganization({ organizationId, name }: { organizationId: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const leave = useMutation(
    trpc.organization.leave.mutationOptions({
      onSuccess: () => {
        router.replace("/orgs");
        router.refresh();
      },
    }),
  );

  return (
    <div className="space-y-4 px-5 py-4">
      <FormError message={leave.error?.message} />
      {confirming ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm text-fg">
            Leave {name}? You lose access to its workspaces at once; an owner would have to invite you again.
          </p>
          <Button
            variant="danger"
            disabled={leave.isPending}
            onClick={() => leave.mutate({ organizationId })}
          >
            {leave.isPending ? "Leaving…" : "Leave organization"}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Leave organization…
        </Button>
      )}
    </div>
  );
}
