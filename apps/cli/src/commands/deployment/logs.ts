// `skyport deployment logs`: a local runtime's component log, the last lines and, with --follow,
// what is written next (polling with the answer's cursor until Ctrl-C or the deployment is gone).
import type { Command } from "commander";
import { ApiError, ok } from "../../api/client.ts";
import type { ResponseOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import { note, wholeNumber, withSession } from "../shared.ts";
import { deploymentPath, resolveDeployment } from "./resolve.ts";

type DeploymentLogs = ResponseOf<"getDeploymentLogs">;

const FOLLOW_PAGE_LINES = 1000;

export function registerDeploymentLogsCommand(deployment: Command, context: CliContext): void {
  defineCommand(
    deployment,
    "logs <DEPLOYMENT>",
    "show a local runtime's component log (scheduler, api-server, dag-processor, triggerer, worker-<queue>-<n> …)",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .option("--component <NAME>", "the component whose log to show", "scheduler")
    .option("--lines <n>", "how many of the last lines to show (at most 1000)", wholeNumber, 100)
    .option("-f, --follow", "keep printing lines as they are written, until Ctrl-C")
    .action(
      withSession(
        context,
        async (session, wanted: string, options: { component: string; lines: number; follow?: boolean }) => {
          const target = await resolveDeployment(session, wanted);
          const api = session.authenticated().api;
          const path = deploymentPath(target);
          // --lines is the tail; a follow takes everything written since, a page at a time.
          const read = (since?: number): Promise<DeploymentLogs> =>
            ok(
              api.GET("/organizations/{organizationId}/deployments/{deploymentId}/logs", {
                params: {
                  path,
                  query: {
                    component: options.component,
                    ...(since === undefined ? { lines: options.lines } : { since, lines: FOLLOW_PAGE_LINES }),
                  },
                },
              }),
            );
          const out = (lines: string[]) => {
            for (const line of lines) context.io.out(`${line}\n`);
          };
          let logs = await read();
          if (!logs.available) {
            note(session, logs.note ?? "Skyport keeps no logs for this deployment");
            return;
          }
          out(logs.lines);
          if (!options.follow) {
            if (logs.lines.length === 0) note(session, `${logs.component} has written nothing yet`);
            return;
          }
          for (;;) {
            // A full page means more is waiting: read on at once.
            if (logs.lines.length < FOLLOW_PAGE_LINES) await context.sleep(context.pollIntervalMs);
            try {
              logs = await read(logs.cursor);
            } catch (error) {
              if (error instanceof ApiError && error.status === 404) {
                note(session, `${target.name} is gone; stopped following`);
                return;
              }
              throw error;
            }
            if (logs.reset) note(session, `${logs.component}'s log started over`);
            out(logs.lines);
          }
        },
      ),
    );
}
