"use client";

// Creating or editing a status report: title, description, checks picked from what telemetry
// has seen (DAGs, tasks, datasets per deployment), a schedule (daily, weekly or cron in an IANA
// zone) previewed in words with its next runs, and the send mode. The server validates
// everything; its messages land on the fields they name.
import type {
  CheckInput,
  ReportView,
  SCHEDULE_DAYS as ScheduleDays,
  ScheduleInput,
} from "@skyport/domain/reports-contract";
import {
  Button,
  FormError,
  fieldError,
  SelectField,
  type ServerError,
  TextareaField,
  TextField,
} from "@skyport/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import cronstrue from "cronstrue";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";

type Day = (typeof ScheduleDays)[number];
const DAYS: Day[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
const KIND_LABELS = {
  TASK: "Task succeeded recently",
  DAG: "DAG run succeeded recently",
  ASSERTION: "Data-quality assertions passed",
  TIMELINESS: "Data landed by a time of day",
} as const;
type Kind = keyof typeof KIND_LABELS;
const KINDS = Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }));

export interface CheckOptions {
  deployments: Array<{ id: string; name: string }>;
  dags: Array<{ deploymentId: string; dagId: string }>;
  tasks: Array<{ deploymentId: string; dagId: string; taskId: string }>;
  datasets: Array<{ deploymentId: string; namespace: string; name: string; assertion: string }>;
}

/** A check as the form edits it: every field a text, the kind deciding which are sent. */
interface CheckDraft {
  key: number;
  kind: Kind;
  deploymentId: string;
  dagId: string;
  taskId: string;
  dataset: string;
  assertion: string;
  freshnessHours: string;
  deadline: string;
}

let nextKey = 0;
function draftOf(check: ReportView["checks"][number] | null, deploymentId: string): CheckDraft {
  return {
    key: nextKey++,
    kind: check?.kind ?? "TASK",
    deploymentId: check?.deploymentId ?? deploymentId,
    dagId: check?.dagId ?? "",
    taskId: check?.taskId ?? "",
    dataset: check?.datasetName ? `${check.datasetNamespace}\n${check.datasetName}` : "",
    assertion: check?.assertion ?? "",
    freshnessHours: check?.freshnessMinutes ? String(check.freshnessMinutes / 60) : "24",
    deadline: check?.deadline ?? "07:00",
  };
}

function checkOf(draft: CheckDraft): CheckInput {
  const base = { deploymentId: draft.deploymentId };
  const freshnessMinutes = Math.round(Number(draft.freshnessHours) * 60);
  switch (draft.kind) {
    case "TASK":
      return { kind: "TASK", ...base, dagId: draft.dagId, taskId: draft.taskId, freshnessMinutes };
    case "DAG":
      return { kind: "DAG", ...base, dagId: draft.dagId, freshnessMinutes };
    case "ASSERTION": {
      const [datasetNamespace = "", datasetName = ""] = draft.dataset.split("\n");
      return {
        kind: "ASSERTION",
        ...base,
        datasetNamespace,
        datasetName,
        ...(draft.assertion ? { assertion: draft.assertion } : {}),
        freshnessMinutes,
      };
    }
    case "TIMELINESS":
      return {
        kind: "TIMELINESS",
        ...base,
        dagId: draft.dagId,
        ...(draft.taskId ? { taskId: draft.taskId } : {}),
        deadline: draft.deadline,
      };
  }
}

/** The schedule a stored cron came from, when it is one of the presets. */
function scheduleOf(cron: string | undefined): ScheduleInput {
  const match = cron ? /^(\d+) (\d+) \* \* (\*|[0-6])$/.exec(cron) : null;
  if (!cron) return { type: "DAILY", time: "07:00" };
  if (!match) return { type: "CRON", cron };
  const time = `${match[2]?.padStart(2, "0")}:${match[1]?.padStart(2, "0")}`;
  if (match[3] === "*") return { type: "DAILY", time };
  const order: Day[] = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];
  return { type: "WEEKLY", day: order[Number(match[3])] ?? "MONDAY", time };
}

/** A picker's choices: a first, empty one saying what to do, then the values. */
const choose = (values: readonly string[], prompt: string) => [
  { value: "", label: prompt },
  ...values.map((value) => ({ value, label: value })),
];
const unique = (values: string[]) => [...new Set(values)].sort();

function CheckFields({
  draft,
  index,
  picks,
  error,
  onChange,
  onRemove,
}: {
  draft: CheckDraft;
  index: number;
  picks: CheckOptions;
  error: (field: string) => string | undefined;
  onChange: (draft: CheckDraft) => void;
  onRemove: () => void;
}) {
  const set = (change: Partial<CheckDraft>) => onChange({ ...draft, ...change });
  const id = (field: string) => `checks.${index}.${field}`;
  const named = (field: string) => ({ id: id(field), error: error(field) });
  const inDeployment = <T extends { deploymentId: string }>(items: T[]) =>
    items.filter((item) => item.deploymentId === draft.deploymentId);
  const dags = unique([
    ...inDeployment(picks.dags).map((d) => d.dagId),
    ...(draft.dagId ? [draft.dagId] : []),
  ]);
  const tasks = unique(
    inDeployment(picks.tasks)
      .filter((t) => t.dagId === draft.dagId)
      .map((t) => t.taskId)
      .concat(draft.taskId ? [draft.taskId] : []),
  );
  const datasets = inDeployment(picks.datasets);
  const datasetKeys = unique(
    datasets.map((d) => `${d.namespace}\n${d.name}`).concat(draft.dataset ? [draft.dataset] : []),
  );
  const assertions = unique(
    datasets
      .filter((d) => `${d.namespace}\n${d.name}` === draft.dataset && d.assertion)
      .map((d) => d.assertion),
  );
  const usesDag = draft.kind !== "ASSERTION";
  const deployments = picks.deployments.map((d) => ({ value: d.id, label: d.name }));
  /** A picker of this check: its id and server error follow the field's name in the request. */
  const pick = (
    field: string,
    label: string,
    value: string,
    choices: ReadonlyArray<{ value: string; label: string }>,
    change: (value: string) => void,
  ) => (
    <SelectField
      id={id(field)}
      label={label}
      value={value}
      options={choices}
      error={error(field)}
      onChange={(event) => change(event.target.value)}
    />
  );
  return (
    <fieldset className="space-y-3 rounded-lg border border-line p-4" aria-label={`Check ${index + 1}`}>
      <div className="flex items-center justify-between">
        <legend className="text-sm font-medium">Check {index + 1}</legend>
        <Button variant="secondary" onClick={onRemove} aria-label={`Remove check ${index + 1}`}>
          Remove
        </Button>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {pick("kind", "What to check", draft.kind, KINDS, (kind) => set({ kind: kind as Kind }))}
        {pick("deploymentId", "Deployment", draft.deploymentId, deployments, (deploymentId) =>
          set({ deploymentId, dagId: "", taskId: "", dataset: "" }),
        )}
        {usesDag
          ? pick(
              "dagId",
              "DAG",
              draft.dagId,
              choose(dags, dags.length ? "Choose a DAG" : "No DAG has run yet"),
              (dagId) => set({ dagId, taskId: "" }),
            )
          : pick(
              "datasetName",
              "Dataset",
              draft.dataset,
              [
                { value: "", label: datasetKeys.length ? "Choose a dataset" : "No data-quality results yet" },
                ...datasetKeys.map((key) => ({ value: key, label: key.replace("\n", " · ") })),
              ],
              (dataset) => set({ dataset, assertion: "" }),
            )}
        {draft.kind === "TASK" || draft.kind === "TIMELINESS"
          ? pick(
              "taskId",
              draft.kind === "TASK" ? "Task" : "Task (optional: the whole DAG otherwise)",
              draft.taskId,
              choose(tasks, draft.kind === "TASK" ? "Choose a task" : "The whole DAG"),
              (taskId) => set({ taskId }),
            )
          : null}
        {draft.kind === "ASSERTION"
          ? pick(
              "assertion",
              "Assertion (optional)",
              draft.assertion,
              choose(assertions, "Every assertion"),
              (assertion) => set({ assertion }),
            )
          : null}
        {draft.kind === "TIMELINESS" ? (
          <TextField
            type="time"
            {...named("deadline")}
            value={draft.deadline}
            label="Landed by (HH:MM, in the report's zone)"
            onChange={(event) => set({ deadline: event.target.value })}
          />
        ) : (
          <TextField
            {...named("freshnessMinutes")}
            label="Fresh within (hours)"
            inputMode="decimal"
            value={draft.freshnessHours}
            onChange={(event) => set({ freshnessHours: event.target.value })}
          />
        )}
      </div>
    </fieldset>
  );
}

function SchedulePreview({ schedule, timeZone }: { schedule: ScheduleInput; timeZone: string }) {
  const trpc = useTRPC();
  const preview = useQuery({
    ...trpc.report.previewSchedule.queryOptions({ schedule, timeZone, count: 3 }),
    retry: false,
  });
  if (preview.error) return <p className="text-sm text-danger-fg">{preview.error.message}</p>;
  if (!preview.data) return <p className="text-sm text-fg-muted">Working out the next runs…</p>;
  let words: string;
  try {
    words = cronstrue.toString(preview.data.cron, { use24HourTimeFormat: true, verbose: true });
  } catch {
    words = preview.data.cron;
  }
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: preview.data.timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  });
  return (
    <div
      className="rounded-lg bg-surface-muted px-4 py-3 text-sm"
      aria-live="polite"
      data-testid="schedule-preview"
    >
      <p>
        <span className="font-medium">{words}</span> ({preview.data.timeZone}) ·{" "}
        <code className="font-mono text-xs">{preview.data.cron}</code>
      </p>
      <p className="mt-1 text-fg-muted">Next runs:</p>
      <ul className="mt-1 list-disc pl-5">
        {preview.data.nextRuns.map((run) => (
          <li key={String(run)}>{format.format(new Date(run))}</li>
        ))}
      </ul>
    </div>
  );
}

/** A titled part of the form. */
function FormSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h3 id={id} className="text-sm font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

export function ReportForm({
  organizationId,
  workspaceId,
  report,
  picks,
}: {
  organizationId: string;
  workspaceId: string;
  report?: ReportView | undefined;
  picks: CheckOptions;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const firstDeployment = picks.deployments[0]?.id ?? "";
  const [title, setTitle] = useState(report?.title ?? "");
  const [description, setDescription] = useState(report?.description ?? "");
  const [schedule, setSchedule] = useState<ScheduleInput>(scheduleOf(report?.cron));
  const [timeZone, setTimeZone] = useState(report?.timeZone ?? "UTC");
  const [sendMode, setSendMode] = useState<"ALWAYS" | "ON_CHANGE">(report?.sendMode ?? "ALWAYS");
  const [checks, setChecks] = useState<CheckDraft[]>(
    report ? report.checks.map((check) => draftOf(check, firstDeployment)) : [draftOf(null, firstDeployment)],
  );
  const [serverError, setServerError] = useState<ServerError | null>(null);
  const done = {
    onSuccess: (saved: { id: string }) =>
      router.push(`/orgs/${organizationId}/workspaces/${workspaceId}/reports/${saved.id}`),
    onError: (error: ServerError) => setServerError(error),
  };
  const create = useMutation(trpc.report.create.mutationOptions(done));
  const update = useMutation(trpc.report.update.mutationOptions(done));
  const error = (field: string) => fieldError(serverError, field);
  const named = (field: string) => ({ id: field, error: error(field) });
  const formFields = [
    "title",
    "description",
    "timeZone",
    "sendMode",
    "schedule.time",
    "schedule.day",
    "schedule.cron",
  ];
  const fieldErrors = Object.keys(serverError?.data?.fieldErrors ?? {});
  const formMessage =
    serverError && !fieldErrors.some((field) => formFields.includes(field) || field.startsWith("checks."))
      ? serverError.message
      : undefined;
  const submit = () => {
    setServerError(null);
    const body = {
      organizationId,
      title,
      description,
      schedule,
      timeZone,
      sendMode,
      checks: checks.map(checkOf),
    };
    if (report) update.mutate({ ...body, reportId: report.id });
    else create.mutate({ ...body, workspaceId });
  };
  const pending = create.isPending || update.isPending;
  return (
    <form
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
    >
      <FormError message={formMessage} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          {...named("title")}
          label="Title"
          hint="What stakeholders see, e.g. Daily sales data"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <SelectField
          {...named("sendMode")}
          label="Send"
          value={sendMode}
          options={[
            { value: "ALWAYS", label: "After every run" },
            { value: "ON_CHANGE", label: "Only when the status changes" },
          ]}
          onChange={(event) => setSendMode(event.target.value as "ALWAYS" | "ON_CHANGE")}
        />
        <TextareaField
          {...named("description")}
          label="Description"
          className="sm:col-span-2"
          rows={2}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>

      <FormSection id="checks-heading" title="Checks">
        <p className="text-sm text-fg-muted">
          Pick what telemetry has seen run on the workspace's deployments.
        </p>
        <FormError message={error("checks")} />
        {checks.map((draft, index) => (
          <CheckFields
            key={draft.key}
            draft={draft}
            index={index}
            picks={picks}
            error={(field) => error(`checks.${index}.${field}`)}
            onChange={(changed) => setChecks(checks.map((c) => (c.key === draft.key ? changed : c)))}
            onRemove={() => setChecks(checks.filter((c) => c.key !== draft.key))}
          />
        ))}
        <Button variant="secondary" onClick={() => setChecks([...checks, draftOf(null, firstDeployment)])}>
          Add a check
        </Button>
      </FormSection>

      <FormSection id="schedule-heading" title="Schedule">
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            id="schedule.type"
            label="Runs"
            value={schedule.type}
            options={[
              { value: "DAILY", label: "Daily" },
              { value: "WEEKLY", label: "Weekly" },
              { value: "CRON", label: "Cron expression" },
            ]}
            onChange={(event) => {
              const type = event.target.value as ScheduleInput["type"];
              const time = "time" in schedule ? schedule.time : "07:00";
              setSchedule(
                type === "CRON"
                  ? { type, cron: "0 7 * * 1-5" }
                  : type === "WEEKLY"
                    ? { type, day: "MONDAY", time }
                    : { type, time },
              );
            }}
          />
          {schedule.type === "CRON" ? (
            <TextField
              {...named("schedule.cron")}
              label="Cron (minute hour day month weekday)"
              controlClassName="font-mono"
              value={schedule.cron}
              onChange={(event) => setSchedule({ type: "CRON", cron: event.target.value })}
            />
          ) : (
            <TextField
              {...named("schedule.time")}
              label="At"
              type="time"
              value={schedule.time}
              onChange={(event) => setSchedule({ ...schedule, time: event.target.value })}
            />
          )}
          {schedule.type === "WEEKLY" ? (
            <SelectField
              {...named("schedule.day")}
              label="On"
              value={schedule.day}
              options={DAYS.map((day) => ({ value: day, label: day[0] + day.slice(1).toLowerCase() }))}
              onChange={(event) => setSchedule({ ...schedule, day: event.target.value as Day })}
            />
          ) : null}
          <TextField
            label="Time zone (IANA)"
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
            hint="e.g. Europe/Berlin, America/New_York, UTC"
            {...named("timeZone")}
          />
        </div>
        <SchedulePreview schedule={schedule} timeZone={timeZone} />
      </FormSection>

      <div className="flex gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : report ? "Save report" : "Create report"}
        </Button>
      </div>
    </form>
  );
}
