"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPCClient } from "@/client/trpc.tsx";
import { FieldError, fieldError, inputClass, type ServerError, TextField } from "@/components/forms.tsx";
import { DescriptionField } from "@/components/workspaces/description-field.tsx";
import { changeNotice } from "./change-notice.ts";
import { CheckboxField } from "./checkbox-field.tsx";
import {
  type ConnectionDraft,
  createInputOf,
  EMPTY_CONNECTION,
  editDraftOf,
  extraFieldNames,
  type LocalErrors,
  updateInputOf,
} from "./connection-model.ts";
import { connectionApi } from "./environment-api.ts";
import { type LinksDraft, linksDraftOf, linksInput, NEW_LINKS } from "./links.ts";
import { ObjectForm } from "./object-form.tsx";
import type { EnvironmentOwner } from "./owner.ts";
import type { AddToOwnerProps, AirflowConnection, LinkableDeployment } from "./types.ts";

/** The inputs the form shows, for the server's problems that belong next to one. */
function shownFields(draft: ConnectionDraft): string[] {
  const delivered =
    draft.source === "uri" ? ["uri"] : ["connType", "host", "port", "login", "password", "schema", "extra"];
  return [
    "connectionId",
    ...delivered,
    ...(extraFieldNames(draft).length > 0 ? ["secretExtraFields"] : []),
    "description",
    "linkAllDeployments",
    "linkedDeploymentIds",
  ];
}

const mono = `mt-1.5 ${inputClass} font-mono`;

/** A field's message: the browser's own check first (the server was not asked), then the server's. */
function messageOf(
  local: LocalErrors,
  error: ServerError | null | undefined,
  field: keyof LocalErrors | string,
): string | undefined {
  return local[field as keyof LocalErrors] ?? fieldError(error, field);
}

function secretExtraError(error: ServerError | null | undefined, draft: ConnectionDraft): string | undefined {
  const own = fieldError(error, "secretExtraFields");
  if (own) return own;
  for (const [index, name] of draft.secretExtraFields.entries()) {
    const message = fieldError(error, `secretExtraFields.${index}`);
    if (message) return `${name}: ${message}`;
  }
  return undefined;
}

function ConnectionFields({
  idPrefix,
  draft,
  onChange,
  editing,
  local,
  error,
}: {
  idPrefix: string;
  draft: ConnectionDraft;
  onChange: (draft: ConnectionDraft) => void;
  editing: { passwordSet: boolean } | null;
  local: LocalErrors;
  error: ServerError | null | undefined;
}) {
  const set = (patch: Partial<ConnectionDraft>) => onChange({ ...draft, ...patch });
  const extraNames = extraFieldNames(draft);
  const extraId = `${idPrefix}-extra`;
  const extraError = messageOf(local, error, "extra");
  const uriId = `${idPrefix}-uri`;
  const uriError = fieldError(error, "uri");
  const sourceName = `${idPrefix}-source`;
  const radio =
    "size-4 border-line-strong text-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600";

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <TextField
          id={`${idPrefix}-connection-id`}
          label="Connection ID"
          required
          autoComplete="off"
          spellCheck={false}
          controlClassName="font-mono"
          value={draft.connectionId}
          disabled={editing !== null}
          onChange={(event) => set({ connectionId: event.target.value })}
          hint={
            editing
              ? "A connection ID cannot change; delete the connection and add it again to rename it."
              : "Letters, digits and '_' (e.g. warehouse_db). DAGs name it as conn_id; Airflow reads it as AIRFLOW_CONN_<ID>."
          }
          error={fieldError(error, "connectionId")}
        />
        <fieldset>
          <legend className="text-sm font-medium text-fg">Enter it as</legend>
          <div className="mt-2.5 flex flex-wrap gap-x-6 gap-y-2 text-sm text-fg">
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name={sourceName}
                className={radio}
                checked={draft.source === "fields"}
                onChange={() => set({ source: "fields" })}
              />
              The fields one by one
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name={sourceName}
                className={radio}
                checked={draft.source === "uri"}
                onChange={() => set({ source: "uri" })}
              />
              Paste a URI
            </label>
          </div>
        </fieldset>
      </div>

      {draft.source === "uri" ? (
        <div>
          <label htmlFor={uriId} className="block text-sm font-medium text-fg">
            Connection URI
          </label>
          <input
            id={uriId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="postgres://login:password@db.internal:5432/analytics?sslmode=require"
            value={draft.uri}
            onChange={(event) => set({ uri: event.target.value })}
            aria-invalid={uriError ? true : undefined}
            aria-describedby={`${uriId}-hint${uriError ? ` ${uriId}-error` : ""}`}
            className={mono}
          />
          <p id={`${uriId}-hint`} className="mt-1.5 text-xs text-fg-muted">
            type://login:password@host:port/schema?extra_field=value, as Airflow writes it. Percent-encode
            special characters (a '#' in a password as %23). Hidden while you type because it usually holds a
            password.
            {editing
              ? " It replaces every field; without a password in it, the stored password is kept."
              : ""}
          </p>
          <FieldError id={`${uriId}-error`} message={uriError} />
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField
            id={`${idPrefix}-type`}
            label="Connection type"
            required
            autoComplete="off"
            spellCheck={false}
            controlClassName="font-mono"
            placeholder="postgres"
            value={draft.connType}
            onChange={(event) => set({ connType: event.target.value })}
            hint="Airflow's type, e.g. postgres, snowflake, google_cloud_platform, http."
            error={fieldError(error, "connType")}
          />
          <TextField
            id={`${idPrefix}-host`}
            label="Host"
            autoComplete="off"
            spellCheck={false}
            controlClassName="font-mono"
            value={draft.host}
            onChange={(event) => set({ host: event.target.value })}
            error={fieldError(error, "host")}
          />
          <TextField
            id={`${idPrefix}-port`}
            label="Port"
            inputMode="numeric"
            autoComplete="off"
            controlClassName="font-mono"
            value={draft.port}
            onChange={(event) => set({ port: event.target.value })}
            error={messageOf(local, error, "port")}
          />
          <TextField
            id={`${idPrefix}-login`}
            label="Login"
            autoComplete="off"
            spellCheck={false}
            controlClassName="font-mono"
            value={draft.login}
            onChange={(event) => set({ login: event.target.value })}
            error={fieldError(error, "login")}
          />
          <div>
            <TextField
              id={`${idPrefix}-password`}
              label="Password"
              type="password"
              autoComplete="new-password"
              controlClassName="font-mono"
              value={draft.password}
              disabled={draft.removePassword}
              placeholder={editing?.passwordSet ? "Unchanged" : undefined}
              onChange={(event) => set({ password: event.target.value })}
              hint={
                editing?.passwordSet
                  ? "A password is stored and never shown. Leave this empty to keep it."
                  : "Write-only: never shown again once saved."
              }
              error={fieldError(error, "password")}
            />
            {editing?.passwordSet ? (
              <div className="mt-2">
                <CheckboxField
                  id={`${idPrefix}-remove-password`}
                  label="Remove the stored password"
                  checked={draft.removePassword}
                  onChange={(removePassword) => set({ removePassword, password: "" })}
                />
              </div>
            ) : null}
          </div>
          <TextField
            id={`${idPrefix}-schema`}
            label="Schema"
            autoComplete="off"
            spellCheck={false}
            controlClassName="font-mono"
            value={draft.schema}
            onChange={(event) => set({ schema: event.target.value })}
            hint="The database or path, as the connection type reads it."
            error={fieldError(error, "schema")}
          />
          <div className="sm:col-span-2 lg:col-span-3">
            <label htmlFor={extraId} className="block text-sm font-medium text-fg">
              Extra (JSON)
            </label>
            <textarea
              id={extraId}
              rows={3}
              spellCheck={false}
              placeholder='{"sslmode": "require"}'
              value={draft.extra}
              onChange={(event) => set({ extra: event.target.value })}
              aria-invalid={extraError ? true : undefined}
              aria-describedby={`${extraId}-hint${extraError ? ` ${extraId}-error` : ""}`}
              className={mono}
            />
            <p id={`${extraId}-hint`} className="mt-1.5 text-xs text-fg-muted">
              A JSON object of extra fields.
              {editing && draft.secretExtraFields.length > 0
                ? " Secret fields show as null; leaving them null keeps their stored values."
                : ""}
            </p>
            <FieldError id={`${extraId}-error`} message={extraError} />
          </div>
        </div>
      )}

      {extraNames.length > 0 ? (
        <fieldset>
          <legend className="text-sm font-medium text-fg">Secret extra fields</legend>
          <p className="mt-0.5 text-xs text-fg-muted">
            Ticked fields are write-only, like the password (e.g. a private key or token).
          </p>
          <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2 text-sm">
            {extraNames.map((name) => (
              <label key={name} className="flex items-center gap-2 text-fg">
                <input
                  type="checkbox"
                  className="size-4 rounded border-line-strong text-sky-700"
                  checked={draft.secretExtraFields.includes(name)}
                  onChange={(event) =>
                    set({
                      secretExtraFields: event.target.checked
                        ? [...draft.secretExtraFields, name]
                        : draft.secretExtraFields.filter((field) => field !== name),
                    })
                  }
                />
                <code className="font-mono">{name}</code>
              </label>
            ))}
          </div>
          <FieldError id={`${idPrefix}-secret-extra-error`} message={secretExtraError(error, draft)} />
        </fieldset>
      ) : null}

      <div className="max-w-2xl">
        <DescriptionField
          id={`${idPrefix}-description`}
          value={draft.description}
          onChange={(description) => set({ description })}
          error={fieldError(error, "description")}
        />
      </div>
    </div>
  );
}

/** Adds an Airflow connection, from its fields or a pasted URI. */
export function CreateConnectionForm({ owner, deployments }: AddToOwnerProps) {
  const client = useTRPCClient();
  const router = useRouter();
  const [draft, setDraft] = useState<ConnectionDraft>(EMPTY_CONNECTION);
  const [links, setLinks] = useState<LinksDraft>(NEW_LINKS);
  const [local, setLocal] = useState<LocalErrors>({});
  const [notice, setNotice] = useState<string>();
  const create = useMutation({
    mutationFn: (input: Parameters<ReturnType<typeof connectionApi>["create"]>[0]) =>
      connectionApi(client, owner).create(input),
    onSuccess: (change, input) => {
      setNotice(changeNotice(`Added ${input.connectionId.trim()}`, change));
      setDraft(EMPTY_CONNECTION);
      router.refresh();
    },
  });

  function submit() {
    setNotice(undefined);
    const built = createInputOf(draft);
    if (!built.ok) {
      setLocal(built.errors);
      create.reset();
      return;
    }
    setLocal({});
    create.mutate({ ...built.input, links: linksInput(links) });
  }

  return (
    <ObjectForm
      label="Add an Airflow connection"
      idPrefix="new-connection"
      onSubmit={submit}
      error={create.error}
      shownFields={shownFields(draft)}
      notice={notice}
      links={{ owner, draft: links, onChange: setLinks, deployments }}
      action={{ add: "Add connection", pending: create.isPending }}
    >
      <ConnectionFields
        idPrefix="new-connection"
        draft={draft}
        onChange={setDraft}
        editing={null}
        local={local}
        error={create.error}
      />
    </ObjectForm>
  );
}

/** Changes one connection in place; shown under its table row. */
export function EditConnectionForm({
  owner,
  connection,
  deployments,
  onDone,
}: {
  owner: EnvironmentOwner;
  connection: AirflowConnection;
  deployments: readonly LinkableDeployment[];
  onDone: (notice: string) => void;
}) {
  const client = useTRPCClient();
  const router = useRouter();
  const [draft, setDraft] = useState<ConnectionDraft>(() => editDraftOf(connection));
  const [links, setLinks] = useState<LinksDraft>(() => linksDraftOf(connection));
  const [local, setLocal] = useState<LocalErrors>({});
  const update = useMutation({
    mutationFn: (input: Parameters<ReturnType<typeof connectionApi>["update"]>[0]) =>
      connectionApi(client, owner).update(input),
    onSuccess: (change) => {
      onDone(changeNotice(`Saved ${connection.connectionId}`, change));
      router.refresh();
    },
  });
  const idPrefix = `edit-${connection.id}`;

  function submit() {
    const built = updateInputOf(connection, draft);
    if (!built.ok) {
      setLocal(built.errors);
      update.reset();
      return;
    }
    setLocal({});
    update.mutate({ ...built.input, links: linksInput(links) });
  }

  return (
    <ObjectForm
      label={`Edit ${connection.connectionId}`}
      idPrefix={idPrefix}
      onSubmit={submit}
      error={update.error}
      shownFields={shownFields(draft)}
      links={{ owner, draft: links, onChange: setLinks, deployments }}
      action={{ onCancel: () => onDone(""), pending: update.isPending }}
    >
      <ConnectionFields
        idPrefix={idPrefix}
        draft={draft}
        onChange={setDraft}
        editing={{ passwordSet: connection.passwordSet }}
        local={local}
        error={update.error}
      />
    </ObjectForm>
  );
}
