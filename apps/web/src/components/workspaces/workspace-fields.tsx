"use client";

import { useState } from "react";
import { fieldError, type ServerError, TextField } from "@/components/forms.tsx";
import { DescriptionField } from "./description-field.tsx";
import { sentence } from "./role-options.ts";

/** The name and description a workspace form edits, starting from `initial`. */
export function useWorkspaceDraft(initial: { name: string; description: string }) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  return { name, description, setName, setDescription };
}

export type WorkspaceDraft = ReturnType<typeof useWorkspaceDraft>;

/**
 * A workspace's name and description, as created and as edited: creating shows an example
 * name and the name's rules, and the description is marked optional.
 */
export function WorkspaceFields({
  draft,
  error,
  creating = false,
}: {
  draft: WorkspaceDraft;
  error: ServerError | null | undefined;
  creating?: boolean;
}) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TextField
        id="workspace-name"
        label="Name"
        required
        autoComplete="off"
        placeholder={creating ? "e.g. Analytics" : undefined}
        value={draft.name}
        onChange={(event) => draft.setName(event.target.value)}
        hint={creating ? "Up to 60 characters, unique in the organization." : undefined}
        error={sentence(fieldError(error, "name"))}
      />
      <DescriptionField
        id="workspace-description"
        label={creating ? undefined : "Description"}
        value={draft.description}
        onChange={draft.setDescription}
        error={sentence(fieldError(error, "description"))}
      />
    </div>
  );
}
