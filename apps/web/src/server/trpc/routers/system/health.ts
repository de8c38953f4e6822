import { z } from "zod";
import { readHealth } from "../../../health.ts";
import { outputView, publicProcedure } from "../../init.ts";

const dependencyState = z.enum(["ok", "unreachable"]);

export const systemHealthInput = z.void();

export const systemHealthOutput = z.object({
  status: z.enum(["ok", "error"]),
  db: dependencyState,
  redis: dependencyState,
  worker: z.enum(["ok", "stale", "unknown"]),
  version: z.string(),
  failing: z.array(z.enum(["db", "redis"])),
});

export type SystemHealth = z.infer<typeof systemHealthOutput>;

/** The same report as GET /api/health, for the console's status panel. */
export const systemHealth = publicProcedure
  .meta({ permission: "public" })
  .input(systemHealthInput)
  .output(outputView(systemHealthOutput))
  .query(({ ctx }) => readHealth(ctx.services));
