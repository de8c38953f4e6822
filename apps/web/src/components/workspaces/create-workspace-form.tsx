"use client";

import { FormShell } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/client/trpc.tsx";
import { formError } from "@/components/forms.tsx";
import { sentence } from "./role-options.ts";
import { useWorkspaceDraft, WorkspaceFields } from "./workspace-fields.tsx";

/** Organization owners create workspaces; the new workspace opens right away. */
export function CreateWorkspaceForm({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const draft = useWorkspaceDraft({ name: "", description: "" });
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
      onSubmit={() => create.mutate({ organizationId, name: draft.name, description: draft.description })}
      error={sentence(formError(create.error, ["name", "description"]))}
      submitLabel="Create workspace"
      pendingLabel="Creating…"
      pending={create.isPending}
    >
      <WorkspaceFields draft={draft} error={create.error} creating />
    </FormShell>
  );
}
