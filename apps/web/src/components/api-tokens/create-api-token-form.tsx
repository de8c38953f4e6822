"use client";

import { useTextInputs } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import {
  buttonClasses,
  FormError,
  fieldError,
  formError,
  SelectField,
  TextField,
} from "@/components/forms.tsx";
import { NewTokenPanel } from "./new-token-panel.tsx";
import { type RoleOption, SCOPE_LABELS, type TokenScope } from "./types.ts";

const EXPIRY_OPTIONS = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "180", label: "180 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "No expiry" },
] as const;

const FIELDS = ["name", "description", "scope", "workspaceId", "deploymentId", "role", "expiresInDays"];

export function CreateApiTokenForm({
  organizationId,
  scopes,
  roles,
  workspaces,
}: {
  organizationId: string;
  /** The scopes the viewer may mint tokens for. */
  scopes: TokenScope[];
  roles: Record<TokenScope, RoleOption[]>;
  /** Workspaces the viewer owns (may mint workspace tokens for). */
  workspaces: Array<{ id: string; name: string }>;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [scope, setScope] = useState<TokenScope>(scopes[0] ?? "WORKSPACE");
  const { values, bind, setValues } = useTextInputs({
    name: "",
    description: "",
    workspaceId: workspaces[0]?.id ?? "",
    deploymentId: "",
  });
  const { name, description, workspaceId, deploymentId } = values;
  const [role, setRole] = useState(roles[scope][roles[scope].length - 1]?.value ?? "");
  const [expiry, setExpiry] = useState("90");
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  const create = useMutation(
    trpc.apiToken.create.mutationOptions({
      onSuccess: (result) => {
        setCreated({ name: result.apiToken.name, secret: result.token });
        setValues((current) => ({ ...current, name: "", description: "" }));
        router.refresh();
      },
    }),
  );

  function chooseScope(next: TokenScope) {
    setScope(next);
    // The weakest role of the scope is the safe default.
    setRole(roles[next][roles[next].length - 1]?.value ?? "");
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      organizationId,
      scope,
      role: role as Parameters<typeof create.mutate>[0]["role"],
      name,
      description: description || null,
      workspaceId: scope === "WORKSPACE" ? workspaceId || null : null,
      deploymentId: scope === "DEPLOYMENT" ? deploymentId.trim() || null : null,
      expiresInDays: expiry === "never" ? null : Number(expiry),
    });
  }

  const selectedRole = roles[scope].find((option) => option.value === role);

  return (
    <div className="space-y-5">
      {created ? (
        <NewTokenPanel name={created.name} secret={created.secret} onDismiss={() => setCreated(null)} />
      ) : null}
      <form onSubmit={submit} className="space-y-5 px-5 py-5" noValidate aria-label="Create an API token">
        <FormError message={formError(create.error, FIELDS)} />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Name"
            required
            hint="What uses it, e.g. “GitHub Actions deploy”. 1 to 60 characters."
            {...bind("name", create.error, "token-name")}
          />
          <TextField
            label="Description (optional)"
            {...bind("description", create.error, "token-description")}
          />
        </div>

        <fieldset>
          <legend className="block text-sm font-medium text-fg">Scope</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {scopes.map((option) => (
              <label
                key={option}
                className={`flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-inset has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-600 ${
                  scope === option
                    ? "bg-accent-soft text-info-fg ring-sky-600/40"
                    : "bg-surface text-fg ring-line-strong"
                }`}
              >
                <input
                  type="radio"
                  name="token-scope"
                  value={option}
                  checked={scope === option}
                  onChange={() => chooseScope(option)}
                  className="size-4 accent-sky-700"
                />
                {SCOPE_LABELS[option]}
              </label>
            ))}
          </div>
          <p className="mt-1.5 text-xs text-fg-muted">
            A token acts only within its scope, with the role you give it — never more than your own.
          </p>
        </fieldset>

        <div className="grid gap-5 sm:grid-cols-3">
          {scope === "WORKSPACE" ? (
            workspaces.length > 0 ? (
              <SelectField
                label="Workspace"
                options={workspaces.map((w) => ({ value: w.id, label: w.name }))}
                {...bind("workspaceId", create.error, "token-workspace")}
              />
            ) : (
              <TextField label="Workspace id" {...bind("workspaceId", create.error, "token-workspace")} />
            )
          ) : null}
          {scope === "DEPLOYMENT" ? (
            <TextField
              label="Deployment id"
              hint="Shown on the deployment's page."
              {...bind("deploymentId", create.error, "token-deployment")}
            />
          ) : null}
          <SelectField
            id="token-role"
            label="Role"
            value={role}
            onChange={(event) => setRole(event.target.value)}
            options={roles[scope].map((option) => ({ value: option.value, label: option.label }))}
            aria-describedby={
              fieldError(create.error, "role")
                ? "token-role-error token-role-description"
                : "token-role-description"
            }
            error={fieldError(create.error, "role")}
          />
          <SelectField
            id="token-expiry"
            label="Expires after"
            value={expiry}
            onChange={(event) => setExpiry(event.target.value)}
            options={EXPIRY_OPTIONS}
            error={fieldError(create.error, "expiresInDays") ?? fieldError(create.error, "expiresAt")}
          />
        </div>
        <p id="token-role-description" className="text-sm text-fg-muted">
          {selectedRole ? `${selectedRole.label}: ${selectedRole.description}.` : null}
        </p>

        <button type="submit" className={buttonClasses.primary} disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </form>
    </div>
  );
}
