"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormNotice } from "@/components/forms.tsx";
import { DescriptionField } from "@/components/workspaces/description-field.tsx";
import { ErrorSummary } from "./error-summary.tsx";
import { fieldId, messageFor } from "./format.ts";
import { DeploymentSpecFields, draftFromSpec, specInputFromDraft } from "./spec-fields.tsx";
import type { Deployment, RuntimeCatalog } from "./types.ts";

/** Changes a deployment's description and settings; a settings change is a new generation. */
export function EditDeploymentForm({
  organizationId,
  deployment,
  catalog,
}: {
  organizationId: string;
  deployment: Pick<Deployment, "id" | "description" | "spec" | "generation">;
  catalog: RuntimeCatalog;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [description, setDescription] = useState(deployment.description);
  const [draft, setDraft] = useState(() => draftFromSpec(catalog, deployment.spec));
  const [notice, setNotice] = useState<string>();
  const update = useMutation(
    trpc.deployment.update.mutationOptions({
      onSuccess: ({ deployment: saved, reconcileQueued }) => {
        if (saved.generation === deployment.generation) {
          setNotice("Saved. The runtime itself is unchanged, so there is nothing to apply.");
        } else if (reconcileQueued) {
          setNotice(`Saved as generation ${saved.generation}; the provisioner is applying it.`);
        } else {
          setNotice(
            `Saved as generation ${saved.generation}. The provisioner could not be told right away; it picks the change up on its next sweep.`,
          );
        }
        router.refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(undefined);
    update.mutate({
      organizationId,
      deploymentId: deployment.id,
      description,
      spec: specInputFromDraft(draft),
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Change deployment settings">
      <div className="space-y-4 px-5 pt-4">
        <ErrorSummary error={update.error} />
        <FormNotice message={notice} />
        <div className="max-w-2xl">
          <DescriptionField
            id={fieldId("description")}
            label="Description"
            value={description}
            onChange={setDescription}
            error={messageFor(update.error, "description")}
          />
        </div>
      </div>
      <DeploymentSpecFields
        catalog={catalog}
        draft={draft}
        onChange={setDraft}
        error={update.error}
        idPrefix="edit"
      />
      <div className="flex flex-wrap items-center gap-4 border-t border-line px-5 py-4">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
        <p className="text-sm text-fg-muted">
          Changing settings starts a new generation; a description alone does not.
        </p>
      </div>
    </form>
  );
}
