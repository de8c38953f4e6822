"use client";

import type { ReactNode } from "react";
import { Button, FieldError, inputClass, type ServerError } from "@/components/forms.tsx";
import { asSentence, fieldId, formatCompute, messageFor } from "./format.ts";
import { settingNote } from "./setting-note.ts";
import type { DeploymentSpec, Executor, RuntimeCatalog, Size } from "./types.ts";

// The deployment spec editor shared by the create and edit forms. It keeps a draft of what
// the person typed (numbers as text, so a half-typed value is not lost) and turns it into the
// request's `spec`; the server validates it and answers with errors keyed by dotted path
// (`spec.workerQueues.1.maxWorkers`), shown next to the input they name.

export interface QueueDraft {
  /** Stable React key; rows can be removed from the middle. */
  id: number;
  name: string;
  workerSize: Size;
  minWorkers: string;
  maxWorkers: string;
  /** Empty: the deployment's default (Airflow's 16, or celery.worker_concurrency). */
  workerConcurrency: string;
}

export interface OverrideDraft {
  id: number;
  section: string;
  key: string;
  value: string;
}

export interface SpecDraft {
  runtimeVersion: string;
  executor: Executor;
  schedulerSize: Size;
  highAvailability: boolean;
  /** Celery only; kept while the Kubernetes executor is chosen so switching back restores them. */
  workerQueues: QueueDraft[];
  overrides: OverrideDraft[];
  /** As typed: addresses separated by commas or new lines. */
  contactEmails: string;
}

let nextRowId = 1;
const rowId = () => nextRowId++;

function defaultQueue(catalog: RuntimeCatalog): QueueDraft {
  return {
    id: rowId(),
    name: catalog.limits.defaultQueue,
    workerSize: "S",
    minWorkers: "1",
    maxWorkers: "10",
    workerConcurrency: "",
  };
}

/** A draft for a new deployment (spec null) or of an existing deployment's spec. */
export function draftFromSpec(catalog: RuntimeCatalog, spec: DeploymentSpec | null): SpecDraft {
  if (!spec) {
    return {
      runtimeVersion: catalog.defaultRuntimeVersion,
      executor: "CELERY",
      schedulerSize: "S",
      highAvailability: false,
      workerQueues: [defaultQueue(catalog)],
      overrides: [],
      contactEmails: "",
    };
  }
  const queues = spec.workerQueues.map((queue) => ({
    id: rowId(),
    name: queue.name,
    workerSize: queue.workerSize,
    minWorkers: String(queue.minWorkers),
    maxWorkers: String(queue.maxWorkers),
    workerConcurrency: String(queue.workerConcurrency),
  }));
  return {
    runtimeVersion: spec.runtimeVersion,
    executor: spec.executor,
    schedulerSize: spec.schedulerSize,
    highAvailability: spec.highAvailability,
    workerQueues: queues.length > 0 ? queues : [defaultQueue(catalog)],
    overrides: spec.airflowConfigOverrides.map((o) => ({ id: rowId(), ...o })),
    contactEmails: spec.contactEmails.join("\n"),
  };
}

export function emailEntries(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Whole numbers as numbers; anything else as typed, so the server names what is wrong with it. */
function count(value: string): number | string {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** The request's `spec`. Rows keep their order, so error paths point back at the same rows. */
export function specInputFromDraft(draft: SpecDraft): Record<string, unknown> {
  return {
    runtimeVersion: draft.runtimeVersion,
    executor: draft.executor,
    schedulerSize: draft.schedulerSize,
    highAvailability: draft.highAvailability,
    workerQueues:
      draft.executor === "CELERY"
        ? draft.workerQueues.map((queue) => ({
            name: queue.name,
            workerSize: queue.workerSize,
            minWorkers: count(queue.minWorkers),
            maxWorkers: count(queue.maxWorkers),
            ...(queue.workerConcurrency.trim() === ""
              ? {}
              : { workerConcurrency: count(queue.workerConcurrency) }),
          }))
        : [],
    airflowConfigOverrides: draft.overrides.map(({ section, key, value }) => ({ section, key, value })),
    contactEmails: emailEntries(draft.contactEmails),
  };
}

const labelClass = "block text-sm font-medium text-slate-900 dark:text-slate-100";
const hintClass = "mt-1.5 text-xs text-slate-600 dark:text-slate-400";
const smallLabelClass = "block text-xs font-medium text-slate-700 dark:text-slate-300";

function Group({
  legend,
  description,
  children,
}: {
  legend: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <fieldset className="space-y-4 border-t border-slate-200 px-5 py-5 first:border-t-0 dark:border-slate-800">
      <legend className="float-left mb-1 w-full text-sm font-semibold text-slate-900 dark:text-white">
        {legend}
      </legend>
      {description ? (
        <p className="clear-both -mt-2 text-sm text-slate-600 dark:text-slate-400">{description}</p>
      ) : null}
      <div className="clear-both space-y-4">{children}</div>
    </fieldset>
  );
}

function ChoiceCard({
  name,
  value,
  checked,
  onChange,
  title,
  detail,
  describedBy,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  title: string;
  detail: string;
  describedBy?: string;
}) {
  return (
    <label
      className={`flex cursor-pointer gap-3 rounded-lg px-4 py-3 text-sm ring-1 ring-inset has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-sky-600 ${
        checked
          ? "bg-sky-50 ring-sky-600/40 dark:bg-sky-950/50 dark:ring-sky-400/40"
          : "bg-white ring-slate-300 hover:bg-slate-50 dark:bg-slate-950 dark:ring-slate-700 dark:hover:bg-slate-900"
      }`}
    >
      <input
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={onChange}
        aria-describedby={describedBy}
        className="mt-0.5 size-4 accent-sky-700"
      />
      <span>
        <span className="block font-medium text-slate-900 dark:text-white">{title}</span>
        <span className="block text-slate-600 dark:text-slate-400">{detail}</span>
      </span>
    </label>
  );
}

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
              {([3, 2] as const).map((major) =>
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
            className="mt-0.5 size-4 accent-sky-700"
          />
          <div>
            <label htmlFor={fieldId("spec.highAvailability")} className={labelClass}>
              High availability
            </label>
            <p
              id={`${fieldId("spec.highAvailability")}-hint`}
              className="text-xs text-slate-600 dark:text-slate-400"
            >
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
          <p className="text-sm text-slate-600 dark:text-slate-400">
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

function WorkerQueuesEditor({
  catalog,
  queues,
  onChange,
  errorOf,
}: {
  catalog: RuntimeCatalog;
  queues: QueueDraft[];
  onChange: (queues: QueueDraft[]) => void;
  errorOf: (path: string) => string | undefined;
}) {
  const update = (index: number, patch: Partial<QueueDraft>) =>
    onChange(queues.map((queue, i) => (i === index ? { ...queue, ...patch } : queue)));
  const {
    maxWorkersPerQueue,
    maxWorkerQueues,
    defaultQueue: defaultName,
    defaultWorkerConcurrency,
  } = catalog.limits;

  return (
    <div className="space-y-3">
      <ul className="space-y-3">
        {queues.map((queue, index) => {
          const path = `spec.workerQueues.${index}`;
          const isDefault = index === 0 && queue.name === defaultName;
          const input = (leaf: keyof QueueDraft) => ({
            id: fieldId(`${path}.${leaf}`),
            "aria-invalid": errorOf(`${path}.${leaf}`) ? true : undefined,
            "aria-describedby": `${fieldId(`${path}.${leaf}`)}-error`,
          });
          return (
            <li
              key={queue.id}
              id={fieldId(path)}
              aria-label={`Worker queue ${queue.name || index + 1}`}
              className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200 ring-inset dark:bg-slate-950/40 dark:ring-slate-800"
            >
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,1.4fr)_minmax(0,1.2fr)_repeat(3,minmax(0,0.8fr))_auto] lg:items-start">
                <div>
                  <label htmlFor={fieldId(`${path}.name`)} className={smallLabelClass}>
                    Queue name
                  </label>
                  <input
                    {...input("name")}
                    value={queue.name}
                    readOnly={isDefault}
                    maxLength={40}
                    autoComplete="off"
                    spellCheck={false}
                    onChange={(event) => update(index, { name: event.target.value })}
                    className={`mt-1 font-mono ${inputClass} ${isDefault ? "bg-slate-100 dark:bg-slate-900" : ""}`}
                  />
                  {isDefault ? (
                    <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Always present</p>
                  ) : null}
                  <FieldError id={`${fieldId(`${path}.name`)}-error`} message={errorOf(`${path}.name`)} />
                </div>
                <div>
                  <label htmlFor={fieldId(`${path}.workerSize`)} className={smallLabelClass}>
                    Worker size
                  </label>
                  <select
                    {...input("workerSize")}
                    value={queue.workerSize}
                    onChange={(event) => update(index, { workerSize: event.target.value as Size })}
                    className={`mt-1 ${inputClass}`}
                  >
                    {catalog.sizes.map((entry) => (
                      <option key={entry.size} value={entry.size}>
                        {entry.size} · {formatCompute(entry.worker)}
                      </option>
                    ))}
                  </select>
                  <FieldError
                    id={`${fieldId(`${path}.workerSize`)}-error`}
                    message={errorOf(`${path}.workerSize`)}
                  />
                </div>
                <NumberInput
                  label="Min workers"
                  {...input("minWorkers")}
                  value={queue.minWorkers}
                  min={0}
                  max={maxWorkersPerQueue}
                  onValue={(value) => update(index, { minWorkers: value })}
                  error={errorOf(`${path}.minWorkers`)}
                />
                <NumberInput
                  label="Max workers"
                  {...input("maxWorkers")}
                  value={queue.maxWorkers}
                  min={0}
                  max={maxWorkersPerQueue}
                  onValue={(value) => update(index, { maxWorkers: value })}
                  error={errorOf(`${path}.maxWorkers`)}
                />
                <NumberInput
                  label="Concurrency"
                  {...input("workerConcurrency")}
                  value={queue.workerConcurrency}
                  min={1}
                  max={64}
                  placeholder={String(defaultWorkerConcurrency)}
                  onValue={(value) => update(index, { workerConcurrency: value })}
                  error={errorOf(`${path}.workerConcurrency`)}
                />
                <div className="lg:pt-6">
                  {isDefault ? null : (
                    <Button
                      variant="secondary"
                      onClick={() => onChange(queues.filter((_, i) => i !== index))}
                      aria-label={`Remove worker queue ${queue.name || index + 1}`}
                    >
                      Remove
                    </Button>
                  )}
                </div>
              </div>
              <FieldError id={`${fieldId(path)}-error`} message={errorOf(path)} />
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          disabled={queues.length >= maxWorkerQueues}
          onClick={() =>
            onChange([
              ...queues,
              {
                id: rowId(),
                name: "",
                workerSize: "S",
                minWorkers: "0",
                maxWorkers: "5",
                workerConcurrency: "",
              },
            ])
          }
        >
          Add worker queue
        </Button>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Up to {maxWorkerQueues} queues and {maxWorkersPerQueue} workers per queue. Concurrency is tasks per
          worker (empty: {defaultWorkerConcurrency}, or the celery.worker_concurrency setting).
        </p>
      </div>
    </div>
  );
}

function NumberInput({
  label,
  id,
  value,
  onValue,
  error,
  ...input
}: {
  label: string;
  id: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  min: number;
  max: number;
  placeholder?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className={smallLabelClass}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        step={1}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        className={`mt-1 ${inputClass}`}
        {...input}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function OverridesEditor({
  catalog,
  runtimeVersion,
  overrides,
  onChange,
  errorOf,
}: {
  catalog: RuntimeCatalog;
  runtimeVersion: string;
  overrides: OverrideDraft[];
  onChange: (overrides: OverrideDraft[]) => void;
  errorOf: (path: string) => string | undefined;
}) {
  const update = (index: number, patch: Partial<OverrideDraft>) =>
    onChange(overrides.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <div className="space-y-3">
      {overrides.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No overrides: Airflow's defaults apply.</p>
      ) : (
        <ul className="space-y-3">
          {overrides.map((row, index) => {
            const path = `spec.airflowConfigOverrides.${index}`;
            // The same reason the server gives: once it has said so next to the key, say it once.
            const typedNote = settingNote(catalog, runtimeVersion, row.section, row.key);
            const note = typedNote?.refused && errorOf(`${path}.key`) ? null : typedNote;
            const field = (leaf: "section" | "key" | "value", label: string, placeholder: string) => {
              const id = fieldId(`${path}.${leaf}`);
              const message = errorOf(`${path}.${leaf}`);
              return (
                <div>
                  <label htmlFor={id} className={smallLabelClass}>
                    {label}
                  </label>
                  <input
                    id={id}
                    value={row[leaf]}
                    placeholder={placeholder}
                    autoComplete="off"
                    spellCheck={false}
                    onChange={(event) => update(index, { [leaf]: event.target.value })}
                    aria-invalid={message ? true : undefined}
                    aria-describedby={`${id}-error ${fieldId(path)}-note`}
                    className={`mt-1 font-mono ${inputClass}`}
                  />
                  <FieldError id={`${id}-error`} message={message} />
                </div>
              );
            };
            return (
              <li
                key={row.id}
                id={fieldId(path)}
                aria-label={`Airflow setting ${index + 1}`}
                className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200 ring-inset dark:bg-slate-950/40 dark:ring-slate-800"
              >
                <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)_minmax(0,1.3fr)_auto] sm:items-start">
                  {field("section", "Section", "core")}
                  {field("key", "Key", "parallelism")}
                  {field("value", "Value", "64")}
                  <div className="sm:pt-6">
                    <Button
                      variant="secondary"
                      onClick={() => onChange(overrides.filter((_, i) => i !== index))}
                      aria-label={`Remove Airflow setting ${index + 1}`}
                    >
                      Remove
                    </Button>
                  </div>
                </div>
                <p
                  id={`${fieldId(path)}-note`}
                  className={`mt-2 text-xs ${note?.refused ? "font-medium text-amber-800 dark:text-amber-300" : "text-slate-600 dark:text-slate-400"}`}
                >
                  {note?.text ?? ""}
                </p>
                <FieldError id={`${fieldId(path)}-error`} message={errorOf(path)} />
              </li>
            );
          })}
        </ul>
      )}
      <Button
        variant="secondary"
        onClick={() => onChange([...overrides, { id: rowId(), section: "", key: "", value: "" }])}
      >
        Add setting
      </Button>
      <details className="text-sm text-slate-700 dark:text-slate-300">
        <summary className="cursor-pointer font-medium text-sky-700 dark:text-sky-400">
          Settings that cannot be overridden ({catalog.refusedSettings.length} and some patterns)
        </summary>
        <ul className="mt-2 max-h-64 space-y-1 overflow-y-auto rounded-md bg-slate-50 p-3 text-xs ring-1 ring-slate-200 ring-inset dark:bg-slate-950/40 dark:ring-slate-800">
          {catalog.refusedPatterns.map((pattern) => (
            <li key={pattern}>{asSentence(pattern)}</li>
          ))}
          {catalog.refusedSettings.map((entry) => (
            <li key={`${entry.section}.${entry.key}`}>
              <code className="font-mono">
                {entry.section}.{entry.key}
              </code>{" "}
              — {entry.reason}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function ContactEmails({
  catalog,
  value,
  onChange,
  error,
}: {
  catalog: RuntimeCatalog;
  value: string;
  onChange: (value: string) => void;
  error: ServerError | null | undefined;
}) {
  const id = fieldId("spec.contactEmails");
  const entries = emailEntries(value);
  // Errors name entries by position; show the address each one is about.
  const problems = Object.entries(error?.data?.fieldErrors ?? {})
    .filter(([path]) => path === "spec.contactEmails" || path.startsWith("spec.contactEmails."))
    .map(([path]) => {
      const index = Number(path.split(".")[2]);
      const message = messageFor(error, path) ?? "";
      return Number.isInteger(index) ? `${entries[index] ?? `Entry ${index + 1}`}: ${message}` : message;
    });
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        Contact emails (optional)
      </label>
      <textarea
        id={id}
        rows={2}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problems.length > 0 ? true : undefined}
        aria-describedby={`${id}-hint ${id}-error`}
        placeholder="data-team@example.com"
        className={`mt-1.5 font-mono ${inputClass}`}
      />
      <p id={`${id}-hint`} className={hintClass}>
        Who to contact about this deployment. Separate addresses with commas or new lines; up to{" "}
        {catalog.limits.maxContactEmails}.
      </p>
      <FieldError id={`${id}-error`} message={problems.join(" · ") || undefined} />
    </div>
  );
}
