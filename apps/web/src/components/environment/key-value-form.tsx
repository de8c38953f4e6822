"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPCClient } from "@/client/trpc.tsx";
import { fieldError, type ServerError, TextareaField, TextField } from "@/components/forms.tsx";
import { DescriptionField } from "@/components/workspaces/description-field.tsx";
import { changeNotice } from "./change-notice.ts";
import { CheckboxField } from "./checkbox-field.tsx";
import { type KeyValueKind, keyValueApi } from "./environment-api.ts";
import {
  createInputOf,
  EMPTY_KEY_VALUE,
  editDraftOf,
  type KeyValueDraft,
  updateInputOf,
} from "./key-value-model.ts";
import { KIND_WORDS } from "./kinds.ts";
import { type LinksDraft, linksDraftOf, linksInput, NEW_LINKS } from "./links.ts";
import { ObjectForm } from "./object-form.tsx";
import type { EnvironmentOwner } from "./owner.ts";
import type { AddToOwnerProps, AirflowVariable, EnvironmentVariable, LinkableDeployment } from "./types.ts";

const FIELDS = ["key", "value", "isSecret", "linkAllDeployments", "linkedDeploymentIds"];

function shownFields(kind: KeyValueKind): string[] {
  return KIND_WORDS[kind].hasDescription ? [...FIELDS, "description"] : FIELDS;
}

/** The inputs of one variable; the key is fixed once created (delete and re-add to rename). */
function KeyValueFields({
  idPrefix,
  kind,
  draft,
  onChange,
  editing,
  error,
}: {
  idPrefix: string;
  kind: KeyValueKind;
  draft: KeyValueDraft;
  onChange: (draft: KeyValueDraft) => void;
  editing: { wasSecret: boolean } | null;
  error: ServerError | null | undefined;
}) {
  const words = KIND_WORDS[kind];
  const valueId = `${idPrefix}-value`;
  const valueError = fieldError(error, "value");
  const keepsSecret = editing?.wasSecret === true;
  const valueHint = keepsSecret
    ? "The stored value is secret and never shown. Leave this empty to keep it; type a new value to replace it."
    : draft.isSecret
      ? "Write-only once saved: nobody sees it again, here or through the API or CLI."
      : "Up to 64 KiB; may span lines.";
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TextField
        id={`${idPrefix}-key`}
        label="Key"
        required
        autoComplete="off"
        spellCheck={false}
        controlClassName="font-mono"
        value={draft.key}
        disabled={editing !== null}
        onChange={(event) => onChange({ ...draft, key: event.target.value })}
        hint={
          editing ? "A key cannot change; delete the variable and add it again to rename it." : words.keyHint
        }
        error={fieldError(error, "key")}
      />
      <TextareaField
        id={valueId}
        label="Value"
        rows={2}
        autoComplete="off"
        spellCheck={false}
        placeholder={keepsSecret ? "Unchanged" : undefined}
        value={draft.value}
        onChange={(event) => onChange({ ...draft, value: event.target.value })}
        controlClassName="font-mono"
        hint={valueHint}
        error={valueError}
      />
      <CheckboxField
        id={`${idPrefix}-secret`}
        label="Secret"
        checked={draft.isSecret}
        onChange={(isSecret) => onChange({ ...draft, isSecret })}
        hint={
          keepsSecret && !draft.isSecret
            ? "A secret becomes a plain value only together with a new value."
            : "Secret values are encrypted, delivered to the runtime, and never shown again."
        }
        error={fieldError(error, "isSecret")}
      />
      {words.hasDescription ? (
        <div className="lg:col-span-2">
          <DescriptionField
            id={`${idPrefix}-description`}
            value={draft.description}
            onChange={(description) => onChange({ ...draft, description })}
            error={fieldError(error, "description")}
          />
        </div>
      ) : null}
    </div>
  );
}

/** Adds a variable to the deployment or workspace. */
export function CreateKeyValueForm({ kind, owner, deployments }: AddToOwnerProps & { kind: KeyValueKind }) {
  const client = useTRPCClient();
  const router = useRouter();
  const words = KIND_WORDS[kind];
  const [draft, setDraft] = useState<KeyValueDraft>(EMPTY_KEY_VALUE);
  const [links, setLinks] = useState<LinksDraft>(NEW_LINKS);
  const [notice, setNotice] = useState<string>();
  const create = useMutation({
    mutationFn: () =>
      keyValueApi(client, kind, owner).create({
        ...createInputOf(draft, words.hasDescription),
        links: linksInput(links),
      }),
    onSuccess: (change) => {
      setNotice(changeNotice(`Added ${draft.key.trim()}`, change));
      setDraft(EMPTY_KEY_VALUE);
      router.refresh();
    },
  });
  const idPrefix = `new-${kind}`;

  return (
    <ObjectForm
      label={`Add an ${words.singular}`}
      idPrefix={idPrefix}
      onSubmit={() => {
        setNotice(undefined);
        create.mutate();
      }}
      error={create.error}
      shownFields={shownFields(kind)}
      notice={notice}
      links={{ owner, draft: links, onChange: setLinks, deployments }}
      action={{ add: `Add ${words.singular}`, pending: create.isPending }}
    >
      <KeyValueFields
        idPrefix={idPrefix}
        kind={kind}
        draft={draft}
        onChange={setDraft}
        editing={null}
        error={create.error}
      />
    </ObjectForm>
  );
}

/** Changes one variable in place; shown under its table row. */
export function EditKeyValueForm({
  kind,
  owner,
  row,
  deployments,
  onDone,
}: {
  kind: KeyValueKind;
  owner: EnvironmentOwner;
  row: EnvironmentVariable | AirflowVariable;
  deployments: readonly LinkableDeployment[];
  onDone: (notice: string) => void;
}) {
  const client = useTRPCClient();
  const router = useRouter();
  const words = KIND_WORDS[kind];
  const [draft, setDraft] = useState<KeyValueDraft>(() => editDraftOf(row));
  const [links, setLinks] = useState<LinksDraft>(() => linksDraftOf(row));
  const update = useMutation({
    mutationFn: () =>
      keyValueApi(client, kind, owner).update({
        ...updateInputOf(row, draft, words.hasDescription),
        links: linksInput(links),
      }),
    onSuccess: (change) => {
      onDone(changeNotice(`Saved ${row.key}`, change));
      router.refresh();
    },
  });
  const idPrefix = `edit-${row.id}`;

  return (
    <ObjectForm
      label={`Edit ${row.key}`}
      idPrefix={idPrefix}
      onSubmit={() => update.mutate()}
      error={update.error}
      shownFields={shownFields(kind)}
      links={{ owner, draft: links, onChange: setLinks, deployments }}
      action={{ onCancel: () => onDone(""), pending: update.isPending }}
    >
      <KeyValueFields
        idPrefix={idPrefix}
        kind={kind}
        draft={draft}
        onChange={setDraft}
        editing={{ wasSecret: row.isSecret }}
        error={update.error}
      />
    </ObjectForm>
  );
}
