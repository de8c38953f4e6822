"use client";

import { fieldError, type ServerError, TextField } from "@/components/forms.tsx";
import { DescriptionField } from "./description-field.tsx";
import { sentence } from "./role-options.ts";

/**
 * A workspace's name and description, as created and as edited: creating shows an example
 * name and the name's rules, and the description is marked optional.
 */
export function WorkspaceFields({
  name,
  onNameChange,
  description,
  onDescriptionChange,
  error,
  creating = false,
}: {
  name: string;
  onNameChange: (name: string) => void;
  description: string;
  onDescriptionChange: (description: string) => void;
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
        value={name}
        onChange={(event) => onNameChange(event.target.value)}
        hint={creating ? "Up to 60 characters, unique in the organization." : undefined}
        error={sentence(fieldError(error, "name"))}
      />
      <DescriptionField
        id="workspace-description"
        label={creating ? undefined : "Description"}
        value={description}
        onChange={onDescriptionChange}
        error={sentence(fieldError(error, "description"))}
      />
    </div>
  );
}
