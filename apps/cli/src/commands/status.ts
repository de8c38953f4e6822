import type { Command } from "commander";
import { fetchHealth, type HealthReport } from "../api/health.ts";
import type { CliContext } from "../context.ts";
import { CliError } from "../exit-codes.ts";
import { defineCommand } from "../options.ts";
import type { Column } from "../output.ts";
import { print, withSession } from "./shared.ts";

const DEPENDENCY_NAMES: Record<HealthReport["failing"][number], string> = {
  db: "PostgreSQL",
  redis: "Redis",
};

const COLUMNS: ReadonlyArray<Column<HealthReport>> = [
  { header: "Status", value: (r) => r.status },
  { header: "PostgreSQL", value: (r) => r.db },
  { header: "Redis", value: (r) => r.redis },
  { header: "Worker", value: (r) => r.worker },
  { header: "Version", value: (r) => r.version },
];

export function registerStatusCommand(program: Command, context: CliContext): void {
  defineCommand(program, "status", "check that the Skyport API and its PostgreSQL, Redis and worker are up", {
    prints: true,
  })
    .addHelpText(
      "after",
      "\nExit status: 0 when healthy; 1 when a dependency is down or the API cannot be reached.",
    )
    .action(
      withSession(context, async (session) => {
        // Health needs no login: it is what to check when nothing else works.
        const client = session.client(undefined);
        const report = await fetchHealth(client);
        print(session, { data: report, columns: COLUMNS, rows: [report] });

        if (report.status !== "ok") {
          const down = report.failing.map((name) => `${DEPENDENCY_NAMES[name]} is unreachable`);
          throw new CliError(
            `Skyport at ${client.baseUrl} is unhealthy${down.length > 0 ? `: ${down.join(", ")}` : ""}`,
          );
        }
        // The worker does not make the API unhealthy, but a stopped worker means nothing gets provisioned.
        if (report.worker === "stale") {
          context.io.err(
            "warning: the worker has stopped sending heartbeats; background jobs may not be running\n",
          );
        } else if (report.worker === "unknown") {
          context.io.err("warning: no worker has reported yet; background jobs may not be running\n");
        }
      }),
    );
}
