"use client";

import { Button, FieldError, fieldError, type ServerError } from "@/components/forms.tsx";
import type { LinksDraft } from "./links.ts";
import type { EnvironmentOwner } from "./owner.ts";
import type { LinkableDeployment } from "./types.ts";

const MODES: readonly { mode: LinksDraft["mode"]; label: string }[] = [
  { mode: "all", label: "All deployments in this workspace, including ones created later" },
  { mode: "chosen", label: "Chosen deployments" },
];

/** Which deployments a workspace object reaches: all of them, or the ones ticked here. */
export function LinksField({
  id,
  draft,
  onChange,
  deployments,
  error,
}: {
  id: string;
  draft: LinksDraft;
  onChange: (draft: LinksDraft) => void;
  deployments: readonly LinkableDeployment[];
  error: ServerError | null | undefined;
}) {
  // The server names a bad id by its position in the list it was sent.
  const chosenErrors = draft.chosen.flatMap((deploymentId, index) => {
    const message = fieldError(error, `linkedDeploymentIds.${index}`);
    const name = deployments.find((deployment) => deployment.id === deploymentId)?.name ?? deploymentId;
    return message ? [`${name}: ${message}`] : [];
  });
  const message =
    fieldError(error, "linkAllDeployments") ?? fieldError(error, "linkedDeploymentIds") ?? chosenErrors[0];
  const radio =
    "size-4 border-line-strong text-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600";

  return (
    <fieldset aria-describedby={message ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-fg">Delivered to</legend>
      <div className="mt-2 space-y-2 text-sm text-fg">
        {MODES.map(({ mode, label }) => (
          <label key={mode} className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-mode`}
              className={radio}
              checked={draft.mode === mode}
              onChange={() => onChange({ ...draft, mode })}
            />
            {label}
          </label>
        ))}
        {draft.mode === "chosen" ? (
          deployments.length === 0 ? (
            <p className="ml-6 text-xs text-fg-muted">
              This workspace has no deployments yet; the object reaches none until you choose one.
            </p>
          ) : (
            <ul className="ml-6 grid gap-1.5 sm:grid-cols-2">
              {deployments.map((deployment) => (
                <li key={deployment.id}>
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      className="size-4 rounded border-line-strong text-sky-700"
                      checked={draft.chosen.includes(deployment.id)}
                      onChange={(event) =>
                        onChange({
                          ...draft,
                          chosen: event.target.checked
                            ? [...draft.chosen, deployment.id]
                            : draft.chosen.filter((chosen) => chosen !== deployment.id),
                        })
                      }
                    />
                    <span className="font-mono">{deployment.name}</span>
                  </label>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </div>
      <FieldError id={`${id}-error`} message={message} />
    </fieldset>
  );
}

/** The links field of an owner's form: workspace objects only (a deployment's own reach only it). */
export function OwnerLinksField({
  owner,
  ...field
}: Parameters<typeof LinksField>[0] & { owner: EnvironmentOwner }) {
  return owner.kind === "workspace" ? <LinksField {...field} /> : null;
}

/** Save and Cancel under an edit form shown below a table row. */
export function EditActions({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  return (
    <div className="flex gap-3">
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
