// A deployment's component logs as clients read them: a tail, then what was appended after a
// cursor (follow by polling). Only local runtimes keep logs Skyport can read; for the others the
// answer says where the logs are instead.
import { z } from "zod";
import { deploymentRefSchema } from "../shared/fields.types.ts";

export const MAX_LOG_LINES = 1000;
export const DEFAULT_LOG_LINES = 100;
export const DEFAULT_LOG_COMPONENT = "scheduler";

export const readDeploymentLogsInput = deploymentRefSchema.extend({
  component: z
    .string({ error: "component must be text" })
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, {
      error: "component must be a component name such as scheduler, api-server or worker-default-1",
    })
    .optional()
    .meta({
      title: "Component",
      description: `The Airflow component whose log to read, e.g. scheduler, api-server, dag-processor, triggerer, worker-<queue>-<n>; default ${DEFAULT_LOG_COMPONENT}`,
    }),
  since: z
    .number({ error: "since must be a number (the cursor of an earlier answer)" })
    .int({ error: "since must be a whole number (the cursor of an earlier answer)" })
    .min(0, { error: "since must be 0 or more (the cursor of an earlier answer)" })
    .optional()
    .meta({
      title: "Since",
      description:
        "The cursor of an earlier answer: only lines written after it (to follow a log, poll with each answer's cursor). Without it, the last lines",
    }),
  lines: z
    .number({ error: "lines must be a number" })
    .int({ error: "lines must be a whole number" })
    .min(1, { error: "lines must be at least 1" })
    .max(MAX_LOG_LINES, { error: `lines must be at most ${MAX_LOG_LINES}` })
    .optional()
    .meta({
      title: "Lines",
      description: `How many lines at most (1-${MAX_LOG_LINES}); default ${DEFAULT_LOG_LINES}`,
    }),
});
export type ReadDeploymentLogsInput = z.input<typeof readDeploymentLogsInput>;

export const deploymentLogsSchema = z.strictObject({
  /** Whether Skyport holds this deployment's component logs (it runs as a local runtime here). */
  available: z.boolean(),
  component: z.string(),
  /** The components with a log, sorted (empty when not available). */
  components: z.array(z.string()),
  /** Oldest first, as the component wrote them (secret values Skyport gave the runtime masked). */
  lines: z.array(z.string()),
  /** Pass as `since` to read what is written next. */
  cursor: z.number().int(),
  /** The log was recreated since `since`: the lines are its tail. */
  reset: z.boolean(),
  /** When not available: where the logs are instead, in words. */
  note: z.string().nullable(),
});
export type DeploymentLogs = z.output<typeof deploymentLogsSchema>;
