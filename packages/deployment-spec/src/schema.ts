// The deployment spec customers edit: its zod schema and the normalised type the renderer takes.
// Field-local rules live here; rules spanning several fields are in parse.ts.
import { z } from "zod";
import { DEFAULT_RUNTIME_VERSION, RUNTIME_VERSIONS } from "./catalog.ts";
import { airflowEnvName, checkOverrideValue, refusalReason } from "./config-overrides.ts";
import { type GitSource, gitSourceInput } from "./git-source.ts";
import { SIZES } from "./sizes.ts";

export const EXECUTORS = ["CELERY", "KUBERNETES"] as const;
export type Executor = (typeof EXECUTORS)[number];

/** DNS label: usable as a Kubernetes object name part and in URLs. */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_MESSAGE =
  "use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";

/** Airflow section/key names: lowercase words joined by single underscores. A double underscore
 * would make the AIRFLOW__SECTION__KEY environment name ambiguous. */
const SETTING_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export const MAX_WORKERS_PER_QUEUE = 50;
export const MAX_WORKER_QUEUES = 20;
export const MAX_CONTACT_EMAILS = 20;
export const MAX_CONFIG_OVERRIDES = 100;
export const DEFAULT_QUEUE = "default";
/** Airflow's own default for [celery] worker_concurrency. */
export const DEFAULT_WORKER_CONCURRENCY = 16;

const dnsLabel = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: "is required" })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(DNS_LABEL, { error: DNS_LABEL_MESSAGE });

const size = z.enum(SIZES, { error: `must be one of ${SIZES.join(", ")}` });

const workerCount = (what: string) =>
  z
    .number({ error: `${what} must be a whole number` })
    .int({ error: `${what} must be a whole number` })
    .min(0, { error: `${what} must be at least 0` })
    .max(MAX_WORKERS_PER_QUEUE, { error: `${what} must be at most ${MAX_WORKERS_PER_QUEUE}` });

export const workerQueueInput = z
  .strictObject({
    name: dnsLabel(40),
    workerSize: size.default("S"),
    minWorkers: workerCount("minWorkers").default(1),
    maxWorkers: workerCount("maxWorkers").default(10),
    /** Omitted: the deployment's celery.worker_concurrency override, else Airflow's 16. */
    workerConcurrency: z
      .number({ error: "must be a whole number from 1 to 64" })
      .int({ error: "must be a whole number from 1 to 64" })
      .min(1, { error: "must be a whole number from 1 to 64" })
      .max(64, { error: "must be a whole number from 1 to 64" })
      .optional(),
  })
  .check((ctx) => {
    if (ctx.value.maxWorkers < ctx.value.minWorkers) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value.maxWorkers,
        path: ["maxWorkers"],
        message: `must be at least minWorkers (${ctx.value.minWorkers})`,
      });
    }
  });

const settingName = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .min(1, { error: "is required" })
    .max(100, { error: "must be at most 100 characters" })
    .regex(SETTING_NAME, { error: `${what} must be lowercase words joined by single underscores` });

export const configOverrideInput = z
  .strictObject({
    section: settingName("section"),
    key: settingName("key"),
    value: z.union([z.string(), z.number(), z.boolean()], { error: "must be a string" }).transform(String),
  })
  .transform((override, ctx) => {
    const reason = refusalReason(override.section, override.key);
    if (reason) {
      ctx.issues.push({
        code: "custom",
        input: override.key,
        path: ["key"],
        message: `${override.section}.${override.key} cannot be overridden: it ${reason}`,
      });
      return z.NEVER;
    }
    const checked = checkOverrideValue(override.section, override.key, override.value);
    if (!checked.ok) {
      ctx.issues.push({ code: "custom", input: override.value, path: ["value"], message: checked.message });
      return z.NEVER;
    }
    return { section: override.section, key: override.key, value: checked.value };
  });

export const deploymentSpecInput = z.strictObject({
  name: dnsLabel(40),
  description: z.string().trim().max(500, { error: "must be at most 500 characters" }).default(""),
  // Left out: the catalog's default runtime (documented as the field's default).
  runtimeVersion: z
    .enum(RUNTIME_VERSIONS as [string, ...string[]], {
      error: `runtimeVersion must be one of the supported runtimes: ${RUNTIME_VERSIONS.join(", ")}`,
    })
    .default(DEFAULT_RUNTIME_VERSION),
  executor: z.enum(EXECUTORS, { error: `must be one of ${EXECUTORS.join(", ")}` }),
  schedulerSize: size.default("S"),
  highAvailability: z.boolean({ error: "must be true or false" }).default(false),
  workerQueues: z
    .array(workerQueueInput)
    .max(MAX_WORKER_QUEUES, { error: `workerQueues must list at most ${MAX_WORKER_QUEUES} worker queues` })
    .default([]),
  airflowConfigOverrides: z
    .array(configOverrideInput)
    .max(MAX_CONFIG_OVERRIDES, {
      error: `airflowConfigOverrides must list at most ${MAX_CONFIG_OVERRIDES} settings`,
    })
    .default([]),
  contactEmails: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.email({ error: "must be a valid email address" })),
    )
    .max(MAX_CONTACT_EMAILS, { error: `contactEmails must list at most ${MAX_CONTACT_EMAILS} addresses` })
    .default([]),
  /** Airflow 3: a Git repository the runtime's GitDagBundle follows. Omitted: none. */
  gitSource: gitSourceInput.optional(),
});

export type DeploymentSpecInput = z.input<typeof deploymentSpecInput>;

export interface WorkerQueue {
  readonly name: string;
  readonly workerSize: (typeof SIZES)[number];
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly workerConcurrency: number;
}

export interface ConfigOverride {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

/** A validated, normalised spec: defaults filled in, the `default` queue present for Celery,
 * lists in canonical order, so equal specs are equal values (see hash.ts). */
export interface DeploymentSpec {
  readonly name: string;
  readonly description: string;
  readonly runtimeVersion: string;
  readonly executor: Executor;
  readonly schedulerSize: (typeof SIZES)[number];
  readonly highAvailability: boolean;
  readonly workerQueues: readonly WorkerQueue[];
  readonly airflowConfigOverrides: readonly ConfigOverride[];
  readonly contactEmails: readonly string[];
  /** Present only when set, so specs without one keep their hash. */
  readonly gitSource?: GitSource;
}

export function overrideEnvName(override: ConfigOverride): string {
  return airflowEnvName(override.section, override.key);
}
