// Drafts of environment variables and Airflow variables, and what the create and update
// procedures are sent. A secret's value is never shown, so its edit form starts empty, and an
// empty value on update means "keep the stored one" (the procedures' contract: value omitted).

export interface KeyValueDraft {
  key: string;
  value: string;
  isSecret: boolean;
  description: string;
}

export const EMPTY_KEY_VALUE: KeyValueDraft = { key: "", value: "", isSecret: false, description: "" };

/** What an edit form starts with: the shown value, or nothing for a secret or withheld one. */
export function editDraftOf(row: {
  key: string;
  value: string | null;
  isSecret: boolean;
  description?: string;
}): KeyValueDraft {
  return { key: row.key, value: row.value ?? "", isSecret: row.isSecret, description: row.description ?? "" };
}

export function createInputOf(draft: KeyValueDraft, withDescription: boolean) {
  return {
    key: draft.key,
    value: draft.value,
    isSecret: draft.isSecret,
    ...(withDescription ? { description: draft.description } : {}),
  };
}

/**
 * The changes an edit sends. The value is sent only when it says something new: typed into a
 * secret's empty field, or changed from the shown one. The secret flag only when it changed.
 */
export function updateInputOf(
  row: { id: string; value: string | null; isSecret: boolean; masked: boolean; description?: string },
  draft: KeyValueDraft,
  withDescription: boolean,
): { id: string; value?: string; isSecret?: boolean; description?: string } {
  const input: { id: string; value?: string; isSecret?: boolean; description?: string } = { id: row.id };
  const valueHidden = row.isSecret || row.masked;
  if (valueHidden ? draft.value !== "" : draft.value !== row.value) input.value = draft.value;
  if (draft.isSecret !== row.isSecret) input.isSecret = draft.isSecret;
  if (withDescription && draft.description !== (row.description ?? "")) input.description = draft.description;
  return input;
}
