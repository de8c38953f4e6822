"use client";

import { FormShell } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { DeleteByName } from "@/components/delete-by-name.tsx";
import { formError } from "@/components/forms.tsx";
import { sentence } from "./role-options.ts";
import { useWorkspaceDraft, WorkspaceFields } from "./workspace-fields.tsx";

/** Rename a workspace or change its description (workspace owners). */
export function EditWorkspaceForm({
  organizationId,
  workspace,
}: {
  organizationId: string;
  workspace: { id: string; name: string; description: string };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const draft = useWorkspaceDraft(workspace);
  const [notice, setNotice] = useState<string>();
  const update = useMutation(
    trpc.workspace.update.mutationOptions({
      onSuccess: () => {
        setNotice("Saved.");
        router.refresh();
      },
    }),
  );
  const unchanged =
    draft.name.trim() === workspace.name && draft.description.trim() === workspace.description;

  return (
    <FormShell
      onSubmit={() => {
        setNotice(undefined);
        update.mutate({
          organizationId,
          workspaceId: workspace.id,
          name: draft.name,
          description: draft.description,
        });
      }}
      error={sentence(formError(update.error, ["name", "description"]))}
      notice={notice}
      submitLabel="Save changes"
      pendingLabel="Saving…"
      pending={update.isPending}
      disabled={unchanged}
    >
      <WorkspaceFields draft={draft} error={update.error} />
    </FormShell>
  );
}

/** Deleting asks for the workspace's name, typed out, so it is never a slip of the mouse. */
export function DeleteWorkspace({
  organizationId,
  workspace,
}: {
  organizationId: string;
  workspace: { id: string; name: string; deploymentCount: number };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.workspace.delete.mutationOptions({
      onSuccess: () => {
        router.push(`/orgs/${organizationId}/workspaces`);
        router.refresh();
      },
    }),
  );
  const blocked = workspace.deploymentCount > 0;

  if (blocked) {
    return (
      <p className="px-5 py-4 text-sm text-fg">
        This workspace still has {workspace.deploymentCount} deployment
        {workspace.deploymentCount === 1 ? "" : "s"}. Delete {workspace.deploymentCount === 1 ? "it" : "them"}{" "}
        first; then you can delete the workspace.
      </p>
    );
  }

  return (
    <DeleteByName
      name={workspace.name}
      noun="workspace"
      inputId="delete-workspace-confirmation"
      formError={sentence(remove.error?.message)}
      pending={remove.isPending}
      onConfirmed={() => remove.mutate({ organizationId, workspaceId: workspace.id })}
    >
      Deleting removes the workspace, every role granted in it and its API tokens. The audit log keeps its
      history. This cannot be undone.
    </DeleteByName>
  );
}
