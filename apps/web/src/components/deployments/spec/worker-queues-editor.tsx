"use client";

import { Button, FieldError, inputClass } from "@skyport/ui";
import type { ReactNode } from "react";
import { fieldId, formatCompute } from "../format.ts";
import type { RuntimeCatalog, Size } from "../types.ts";
import { patchAt, RowCard } from "./row-card.tsx";
import { type QueueDraft, rowId } from "./spec-draft.ts";
import { RowInput, smallLabelClass } from "./spec-group.tsx";

export function WorkerQueuesEditor({
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
  const update = (index: number, patch: Partial<QueueDraft>) => onChange(patchAt(queues, index, patch));
  const {
    maxWorkersPerQueue,
    maxWorkerQueues,
    defaultQueue: defaultName,
    defaultWorkerConcurrency,
  } = catalog.limits;
  // A queue's three counts, in the order the row shows them.
  const counts: {
    field: "minWorkers" | "maxWorkers" | "workerConcurrency";
    label: string;
    min: number;
    max: number;
    placeholder?: string;
  }[] = [
    { field: "minWorkers", label: "Min workers", min: 0, max: maxWorkersPerQueue },
    { field: "maxWorkers", label: "Max workers", min: 0, max: maxWorkersPerQueue },
    {
      field: "workerConcurrency",
      label: "Concurrency",
      min: 1,
      max: 64,
      placeholder: String(defaultWorkerConcurrency),
    },
  ];

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
            <RowCard
              key={queue.id}
              path={path}
              label={`Worker queue ${queue.name || index + 1}`}
              gridClass="sm:grid-cols-2 lg:grid-cols-[minmax(0,1.4fr)_minmax(0,1.2fr)_repeat(3,minmax(0,0.8fr))_auto] lg:items-start"
              removeClass="lg:pt-6"
              removeLabel={`Remove worker queue ${queue.name || index + 1}`}
              onRemove={isDefault ? null : () => onChange(queues.filter((_, i) => i !== index))}
              error={errorOf(path)}
            >
              <QueueField id={fieldId(`${path}.name`)} label="Queue name" error={errorOf(`${path}.name`)}>
                <input
                  {...input("name")}
                  value={queue.name}
                  readOnly={isDefault}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => update(index, { name: event.target.value })}
                  className={`mt-1 font-mono ${inputClass} ${isDefault ? "bg-surface-raised" : ""}`}
                />
                {isDefault ? <p className="mt-1 text-xs text-fg-subtle">Always present</p> : null}
              </QueueField>
              <QueueField
                id={fieldId(`${path}.workerSize`)}
                label="Worker size"
                error={errorOf(`${path}.workerSize`)}
              >
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
              </QueueField>
              {counts.map(({ field, label, min, max, placeholder }) => (
                <NumberInput
                  key={field}
                  label={label}
                  {...input(field)}
                  value={queue[field]}
                  min={min}
                  max={max}
                  placeholder={placeholder}
                  onValue={(value) => update(index, { [field]: value })}
                  error={errorOf(`${path}.${field}`)}
                />
              ))}
            </RowCard>
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
        <p className="text-xs text-fg-muted">
          Up to {maxWorkerQueues} queues and {maxWorkersPerQueue} workers per queue. Concurrency is tasks per
          worker (empty: {defaultWorkerConcurrency}, or the celery.worker_concurrency setting).
        </p>
      </div>
    </div>
  );
}

/** A labelled control of a queue row, with its error under it. */
function QueueField({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className={smallLabelClass}>
        {label}
      </label>
      {children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function NumberInput({
  onValue,
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
    <RowInput
      type="number"
      inputMode="numeric"
      step={1}
      onChange={(event) => onValue(event.target.value)}
      {...input}
    />
  );
}
