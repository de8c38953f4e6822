// A recommendation's spec change: a short list of field edits on the deployment spec, applied
// to a copy and re-validated by the spec's own parser, rendered as a diff, and invertible for
// a one-click revert.
import {
  type DeploymentSpec,
  parseDeploymentSpec,
  type SpecIssue,
  type WorkerQueue,
} from "@skyport/deployment-spec";
import { z } from "zod";

const sizeEnum = z.enum(["S", "M", "L"]);

export const specChange = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("setting"),
    section: z.string(),
    key: z.string(),
    /** null: not overridden (Airflow's default applies). */
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  z.strictObject({
    kind: z.literal("queue"),
    queue: z.string(),
    field: z.enum(["minWorkers", "maxWorkers", "workerConcurrency"]),
    from: z.number().int(),
    to: z.number().int(),
  }),
  z.strictObject({
    kind: z.literal("queueSize"),
    queue: z.string(),
    from: sizeEnum,
    to: sizeEnum,
  }),
  z.strictObject({ kind: z.literal("schedulerSize"), from: sizeEnum, to: sizeEnum }),
  z.strictObject({ kind: z.literal("highAvailability"), from: z.boolean(), to: z.boolean() }),
  z.strictObject({
    kind: z.literal("addQueue"),
    queue: z.strictObject({
      name: z.string(),
      workerSize: sizeEnum,
      minWorkers: z.number().int(),
      maxWorkers: z.number().int(),
      workerConcurrency: z.number().int(),
    }),
  }),
  z.strictObject({ kind: z.literal("removeQueue"), queue: z.string() }),
]);

export type SpecChange = z.infer<typeof specChange>;

type MutableQueue = { -readonly [K in keyof WorkerQueue]: WorkerQueue[K] };

/** The spec as parser input: what a deployment update sends. */
export function specInput(spec: DeploymentSpec): Record<string, unknown> {
  return {
    ...spec,
    workerQueues: spec.workerQueues.map((queue) => ({ ...queue })),
    airflowConfigOverrides: spec.airflowConfigOverrides.map((override) => ({ ...override })),
    contactEmails: [...spec.contactEmails],
  };
}

/** The spec input with the changes made (not yet validated). */
export function changedSpecInput(
  spec: DeploymentSpec,
  changes: readonly SpecChange[],
): Record<string, unknown> {
  const input = specInput(spec);
  let queues = input.workerQueues as MutableQueue[];
  let overrides = input.airflowConfigOverrides as { section: string; key: string; value: string }[];
  for (const change of changes) {
    switch (change.kind) {
      case "setting":
        overrides = overrides.filter((o) => !(o.section === change.section && o.key === change.key));
        if (change.to !== null)
          overrides.push({ section: change.section, key: change.key, value: change.to });
        break;
      case "queue":
        for (const queue of queues) if (queue.name === change.queue) queue[change.field] = change.to;
        break;
      case "queueSize":
        for (const queue of queues) if (queue.name === change.queue) queue.workerSize = change.to;
        break;
      case "schedulerSize":
        input.schedulerSize = change.to;
        break;
      case "highAvailability":
        input.highAvailability = change.to;
        break;
      case "addQueue":
        queues.push({ ...change.queue });
        break;
      case "removeQueue":
        queues = queues.filter((queue) => queue.name !== change.queue);
        break;
      default: {
        const exhaustive: never = change;
        throw new Error(`unknown change ${JSON.stringify(exhaustive)}`);
      }
    }
  }
  input.workerQueues = queues;
  input.airflowConfigOverrides = overrides;
  return input;
}

export type AppliedChanges =
  | { readonly ok: true; readonly spec: DeploymentSpec; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly issues: readonly SpecIssue[] };

/** Applies the changes and runs the spec's validator over the result. */
export function applyChanges(spec: DeploymentSpec, changes: readonly SpecChange[]): AppliedChanges {
  const input = changedSpecInput(spec, changes);
  const parsed = parseDeploymentSpec(input);
  return parsed.ok ? { ok: true, spec: parsed.spec, input } : { ok: false, issues: parsed.issues };
}

/** The changes that undo `changes` (in reverse order). */
export function invertChanges(changes: readonly SpecChange[], before: DeploymentSpec): SpecChange[] {
  return [...changes].reverse().map((change): SpecChange => {
    switch (change.kind) {
      case "setting":
        return { ...change, from: change.to, to: change.from };
      case "queue":
        return { ...change, from: change.to, to: change.from };
      case "queueSize":
        return { ...change, from: change.to, to: change.from };
      case "schedulerSize":
        return { kind: "schedulerSize", from: change.to, to: change.from };
      case "highAvailability":
        return { kind: "highAvailability", from: change.to, to: change.from };
      case "addQueue":
        return { kind: "removeQueue", queue: change.queue.name };
      case "removeQueue": {
        const queue = before.workerQueues.find((q) => q.name === change.queue);
        if (!queue) throw new Error(`queue ${change.queue} is not in the spec`);
        return { kind: "addQueue", queue: { ...queue } };
      }
      default: {
        const exhaustive: never = change;
        throw new Error(`unknown change ${JSON.stringify(exhaustive)}`);
      }
    }
  });
}

/** Diff lines: "- core.parallelism: 32 (Airflow default)" / "+ core.parallelism: 160". */
export function renderDiff(changes: readonly SpecChange[]): string[] {
  return changes.flatMap((change): string[] => {
    switch (change.kind) {
      case "setting": {
        const name = `airflowConfigOverrides ${change.section}.${change.key}`;
        return [
          `- ${name}: ${change.from ?? "(not set: Airflow default)"}`,
          `+ ${name}: ${change.to ?? "(not set: Airflow default)"}`,
        ];
      }
      case "queue":
        return [
          `- workerQueues[${change.queue}].${change.field}: ${change.from}`,
          `+ workerQueues[${change.queue}].${change.field}: ${change.to}`,
        ];
      case "queueSize":
        return [
          `- workerQueues[${change.queue}].workerSize: ${change.from}`,
          `+ workerQueues[${change.queue}].workerSize: ${change.to}`,
        ];
      case "schedulerSize":
        return [`- schedulerSize: ${change.from}`, `+ schedulerSize: ${change.to}`];
      case "highAvailability":
        return [`- highAvailability: ${change.from}`, `+ highAvailability: ${change.to}`];
      case "addQueue":
        return [`+ workerQueues[${change.queue.name}]: ${JSON.stringify(change.queue)}`];
      case "removeQueue":
        return [`- workerQueues[${change.queue}]`];
      default: {
        const exhaustive: never = change;
        throw new Error(`unknown change ${JSON.stringify(exhaustive)}`);
      }
    }
  });
}
