"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, TextField } from "@/components/forms.tsx";
import { Section } from "@/components/page-header.tsx";
import { DescriptionField } from "@/components/workspaces/description-field.tsx";
import { ErrorSummary } from "./error-summary.tsx";
import { fieldId, messageFor } from "./format.ts";
import { DeploymentSpecFields, draftFromSpec, specInputFromDraft } from "./spec-fields.tsx";
import type { RuntimeCatalog } from "./types.ts";

/** A new deployment: name, description and spec. It opens on its own page once recorded. */
export function CreateDeploymentForm({
  organizationId,
  workspaceId,
  catalog,
}: {
  organizationId: string;
  workspaceId: string;
  catalog: RuntimeCatalog;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [draft, setDraft] = useState(() => draftFromSpec(catalog, null));
  const create = useMutation(
    trpc.deployment.create.mutationOptions({
      onSuccess: ({ deployment }) => {
        router.push(`/orgs/${organizationId}/deployments/${deployment.id}`);
        router.refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ organizationId, workspaceId, name, description, spec: specInputFromDraft(draft) });
  }

  return (
    <form onSubmit={submit} className="space-y-6" noValidate aria-label="Create deployment">
      <ErrorSummary error={create.error} />
      <Section id="deployment-identity-heading" title="Name and description">
        <div className="grid gap-4 px-5 py-4 lg:grid-cols-2">
          <TextField
            id={fieldId("name")}
            label="Name"
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. orders-etl"
            value={name}
            onChange={(event) => setName(event.target.value)}
            hint="Lowercase letters, digits and hyphens, starting with a letter; unique in the workspace. It cannot be changed later."
            error={messageFor(create.error, "name")}
          />
          <DescriptionField
            id={fieldId("description")}
            value={description}
            onChange={setDescription}
            error={messageFor(create.error, "description")}
          />
        </div>
      </Section>
      <Section id="deployment-settings-heading" title="Settings">
        <DeploymentSpecFields
          catalog={catalog}
          draft={draft}
          onChange={setDraft}
          error={create.error}
          idPrefix="create"
        />
      </Section>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create deployment"}
        </Button>
        <p className="text-sm text-fg-muted">
          Skyport records the deployment and its provisioner builds the runtime in the background.
        </p>
      </div>
    </form>
  );
}
