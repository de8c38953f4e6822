import type { Command } from "commander";
import { fetchHealth, type HealthReport } from "../api/health.ts";
import { type CliContext, globalOptions } from "../context.ts";
import { CliError } from "../exit-codes.ts";
import { type Column, render } from "../output.ts";

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
  program
    .command("status")
    .description("check that the Skyport API and its PostgreSQL, Redis and worker are up")
    .addHelpText(
      "after",
      "\nExit status: 0 when healthy; 1 when a dependency is down or the API cannot be reached.",
    )
    .action(async (_options: unknown, command: Command) => {
      const options = globalOptions(command);
      const client = context.client(options);
      const report = await fetchHealth(client);
      context.io.out(
        render(options.output, { data: report, columns: COLUMNS, rows: [report] }, context.io.width),
      );

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
    });
}
