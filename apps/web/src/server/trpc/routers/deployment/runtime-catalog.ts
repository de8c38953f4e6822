import { EXECUTORS, runtimeCatalog, SIZES } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";

const computeSchema = z.object({
  cpuMillis: z.number().int(),
  memoryMiB: z.number().int(),
  cpu: z.string(),
  memory: z.string(),
});

export const deploymentRuntimeCatalogOutput = z.object({
  runtimes: z.array(
    z.object({
      version: z.string(),
      major: z.union([z.literal(2), z.literal(3)]),
      line: z.string(),
      python: z.string(),
      image: z.string(),
    }),
  ),
  defaultRuntimeVersion: z.string(),
  executors: z.array(z.object({ value: z.enum(EXECUTORS), label: z.string(), description: z.string() })),
  sizes: z.array(
    z.object({
      size: z.enum(SIZES),
      scheduler: computeSchema,
      worker: computeSchema,
      dagProcessor: computeSchema,
    }),
  ),
  refusedSettings: z.array(z.object({ section: z.string(), key: z.string(), reason: z.string() })),
  refusedPatterns: z.array(z.string()),
  rangedSettings: z.array(
    z.object({
      section: z.string(),
      key: z.string(),
      description: z.string(),
      kind: z.enum(["integer", "boolean", "enum"]),
      min: z.number().nullable(),
      max: z.number().nullable(),
      values: z.array(z.string()).nullable(),
      runtimeMajor: z.union([z.literal(2), z.literal(3)]).nullable(),
    }),
  ),
  movedSettings: z.array(z.object({ airflow2: z.string(), airflow3: z.string() })),
  limits: z.object({
    defaultQueue: z.string(),
    defaultWorkerConcurrency: z.number().int(),
    maxWorkerQueues: z.number().int(),
    maxWorkersPerQueue: z.number().int(),
    maxContactEmails: z.number().int(),
  }),
});

/** Runtime versions, executors, sizes and Airflow setting rules for the deployment forms. */
export const deploymentRuntimeCatalog = protectedProcedure
  .meta({ permission: "authenticated" })
  .output(deploymentRuntimeCatalogOutput)
  .query(() => runtimeCatalog());
