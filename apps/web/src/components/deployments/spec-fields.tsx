"use client";

import { FieldError, inputClass, type ServerError } from "@skyport/ui";
import { fieldId, formatCompute, messageFor } from "./format.ts";
import { ContactEmails } from "./spec/contact-emails.tsx";
import { GitSourceFields } from "./spec/git-source.tsx";
import { OverridesEditor } from "./spec/overrides-editor.tsx";
import type { SpecDraft } from "./spec/spec-draft.ts";
import { ChoiceCard, Group, hintClass, labelClass } from "./spec/spec-group.tsx";
import { WorkerQueuesEditor } from "./spec/worker-queues-editor.tsx";
import type { RuntimeCatalog } from "./types.ts";

// The deployment spec editor shared by the create and edit forms; its parts live in ./spec/.
export {
  draftFromSpec,
  emailEntries,
  type GitSourceDraft,
  type OverrideDraft,
  type QueueDraft,
  type SpecDraft,
  specInputFromDraft,
} from "./spec/spec-draft.ts";

/** The spec inputs, grouped: runtime, scheduler, worker queues, Airflow settings, contacts. */
export function DeploymentSpecFields({
  catalog,
  draft,
  onChange,
  error,
  idPrefix,
}: {
  catalog: RuntimeCatalog;
  draft: SpecDraft;
  onChange: (draft: SpecDraft) => void;
  error: ServerError | null | undefined;
  /** Keeps radio group names unique if two forms share a page. */
  idPrefix: string;
}) {
  const errorOf = (path: string) => messageFor(error, path);
  const set = <K extends keyof SpecDraft>(key: K, value: SpecDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const runtime = catalog.runtimes.find((entry) => entry.version === draft.runtimeVersion);
  const byMajor = (major: 2 | 3) => catalog.runtimes.filter((entry) => entry.major === major);
  // The catalog comes newest first; the groups follow it (Airflow 3, then Airflow 2).
  const majors = [...new Set(catalog.runtimes.map((entry) => entry.major))];

  return (
    <div>
      <Group legend="Runtime" description="Official Apache Airflow images, pinned to an exact release.">
        <div className="grid gap-4 lg:grid-cols-2">
          <div>
            <label htmlFor={fieldId("spec.runtimeVersion")} className={labelClass}>
              Airflow version
            </label>
            <select
              id={fieldId("spec.runtimeVersion")}
              value={draft.runtimeVersion}
              onChange={(event) => set("runtimeVersion", event.target.value)}
              aria-invalid={errorOf("spec.runtimeVersion") ? true : undefined}
              aria-describedby={`${fieldId("spec.runtimeVersion")}-hint ${fieldId("spec.runtimeVersion")}-error`}
              className={`mt-1.5 ${inputClass}`}
            >
              {majors.map((major) =>
                byMajor(major).length > 0 ? (
                  <optgroup key={major} label={`Airflow ${major}`}>
                    {byMajor(major).map((entry) => (
                      <option key={entry.version} value={entry.version}>
                        {entry.version}
                        {entry.version === catalog.defaultRuntimeVersion ? " (recommended)" : ""}
                      </option>
                    ))}
                  </optgroup>
                ) : null,
              )}
              {runtime ? null : (
                <option value={draft.runtimeVersion}>{draft.runtimeVersion} (no longer offered)</option>
              )}
            </select>
            <p id={`${fieldId("spec.runtimeVersion")}-hint`} className={hintClass}>
              {runtime ? (
                <>
                  Image <code className="font-mono">{runtime.image}</code>
                </>
              ) : (
                "This version is no longer offered; choose another to save changes."
              )}
            </p>
            <FieldError
              id={`${fieldId("spec.runtimeVersion")}-error`}
              message={errorOf("spec.runtimeVersion")}
            />
          </div>
        </div>
        <div role="radiogroup" aria-labelledby={`${idPrefix}-executor-label`} id={fieldId("spec.executor")}>
          <p id={`${idPrefix}-executor-label`} className={labelClass}>
            Executor
          </p>
          <div className="mt-1.5 grid gap-3 lg:grid-cols-2">
            {catalog.executors.map((executor) => (
              <ChoiceCard
                key={executor.value}
                name={`${idPrefix}-executor`}
                value={executor.value}
                checked={draft.executor === executor.value}
                onChange={() => set("executor", executor.value)}
                title={executor.label}
                detail={executor.description}
              />
            ))}
          </div>
          <FieldError id={`${fieldId("spec.executor")}-error`} message={errorOf("spec.executor")} />
        </div>
      </Group>

      <Group legend="Scheduler" description="Requests equal limits: the runtime gets exactly this, always.">
        <div
          role="radiogroup"
          aria-labelledby={`${idPrefix}-scheduler-label`}
          id={fieldId("spec.schedulerSize")}
        >
          <p id={`${idPrefix}-scheduler-label`} className={labelClass}>
            Scheduler size
          </p>
          <div className="mt-1.5 grid gap-3 sm:grid-cols-3">
            {catalog.sizes.map((size) => (
              <ChoiceCard
                key={size.size}
                name={`${idPrefix}-scheduler-size`}
                value={size.size}
                checked={draft.schedulerSize === size.size}
                onChange={() => set("schedulerSize", size.size)}
                title={`Size ${size.size}`}
                detail={`${formatCompute(size.scheduler)} per scheduler`}
              />
            ))}
          </div>
          <FieldError id={`${fieldId("spec.schedulerSize")}-error`} message={errorOf("spec.schedulerSize")} />
        </div>
        <div className="flex gap-3">
          <input
            id={fieldId("spec.highAvailability")}
            type="checkbox"
            checked={draft.highAvailability}
            onChange={(event) => set("highAvailability", event.target.checked)}
            aria-describedby={`${fieldId("spec.highAvailability")}-hint`}
            className="mt-0.5 size-4 accent-accent"
          />
          <div>
            <label htmlFor={fieldId("spec.highAvailability")} className={labelClass}>
              High availability
            </label>
            <p id={`${fieldId("spec.highAvailability")}-hint`} className="text-xs text-fg-muted">
              Two schedulers, two UI and two triggerer replicas, kept apart by disruption budgets.
            </p>
          </div>
        </div>
      </Group>

      <Group
        legend="Worker queues"
        description={
          draft.executor === "CELERY"
            ? "Celery workers per queue, autoscaled between the minimum and the maximum. Tasks without a queue go to “default”."
            : undefined
        }
      >
        {draft.executor === "CELERY" ? (
          <WorkerQueuesEditor
            catalog={catalog}
            queues={draft.workerQueues}
            onChange={(queues) => set("workerQueues", queues)}
            errorOf={errorOf}
          />
        ) : (
          <p className="text-sm text-fg-muted">
            The Kubernetes executor runs every task in its own pod, so there are no worker queues. Choose the
            Celery executor to use them.
          </p>
        )}
        <FieldError id={`${fieldId("spec.workerQueues")}-error`} message={errorOf("spec.workerQueues")} />
      </Group>

      <Group
        legend="Airflow configuration"
        description={
          <>
            Overrides reach Airflow as <code className="font-mono text-xs">AIRFLOW__SECTION__KEY</code>{" "}
            environment variables. Settings that would break the deployment's isolation are refused.
          </>
        }
      >
        <OverridesEditor
          catalog={catalog}
          runtimeVersion={draft.runtimeVersion}
          overrides={draft.overrides}
          onChange={(overrides) => set("overrides", overrides)}
          errorOf={errorOf}
        />
        <FieldError
          id={`${fieldId("spec.airflowConfigOverrides")}-error`}
          message={errorOf("spec.airflowConfigOverrides")}
        />
      </Group>

      <Group
        legend="Git source"
        description="Airflow follows a Git repository for DAGs (its GitDagBundle), beside DAG folders deployed with skyport deploy. Skyport clones nothing itself."
      >
        <GitSourceFields
          value={draft.gitSource}
          onChange={(value) => set("gitSource", value)}
          errorOf={errorOf}
          airflow3={(runtime?.major ?? 3) === 3}
        />
      </Group>

      <Group legend="Contacts">
        <ContactEmails
          catalog={catalog}
          value={draft.contactEmails}
          onChange={(value) => set("contactEmails", value)}
          error={error}
        />
      </Group>
    </div>
  );
}
