"use client";

import { FieldError, TextField } from "@skyport/ui";
import { fieldId } from "../format.ts";
import type { GitSourceDraft } from "./spec-draft.ts";

const FIELDS: { key: keyof GitSourceDraft; label: string; placeholder: string; hint?: string }[] = [
  {
    key: "url",
    label: "Repository URL (optional)",
    placeholder: "https://github.com/acme/dags.git",
    hint: "https:// or ssh:// (or git@host:path); no credentials in the URL. Leave empty for none.",
  },
  { key: "ref", label: "Branch or tag", placeholder: "main" },
  {
    key: "subPath",
    label: "DAG folder in the repository",
    placeholder: "dags",
    hint: "Empty: the repository's root.",
  },
  {
    key: "connectionId",
    label: "Credentials connection",
    placeholder: "acme_git",
    hint: "An Airflow connection (type git) of this deployment's environment: login and access token, or an SSH private key. Empty for a public repository.",
  },
];

/**
 * The deployment's Git source (Airflow 3): a repository Airflow's GitDagBundle follows. The
 * credentials are an Airflow connection of the deployment's environment (its password is stored
 * sealed and never shown), named here; the URL itself carries none.
 */
export function GitSourceFields({
  value,
  onChange,
  errorOf,
  airflow3,
}: {
  value: GitSourceDraft;
  onChange: (value: GitSourceDraft) => void;
  errorOf: (path: string) => string | undefined;
  airflow3: boolean;
}) {
  const set = (key: keyof GitSourceDraft, text: string) => onChange({ ...value, [key]: text });
  const path = (key: keyof GitSourceDraft) => `spec.gitSource.${key}`;
  return (
    <div className="grid gap-4">
      {airflow3 ? null : (
        <p className="text-sm text-fg-muted">
          Git sources need an Airflow 3 runtime (its GitDagBundle). On Airflow 2, deploy the DAG folder with{" "}
          <code className="font-mono text-xs">skyport deploy</code>.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {FIELDS.map((field) => (
          <TextField
            key={field.key}
            id={fieldId(path(field.key))}
            label={field.label}
            value={value[field.key]}
            onChange={(event) => set(field.key, event.target.value)}
            placeholder={field.placeholder}
            hint={field.hint}
            error={errorOf(path(field.key))}
            controlClassName="font-mono"
          />
        ))}
      </div>
      <FieldError id={`${fieldId("spec.gitSource")}-error`} message={errorOf("spec.gitSource")} />
    </div>
  );
}
