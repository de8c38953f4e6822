// `skyport deployment recommendations <DEPLOYMENT>`: the deployment's tuning recommendations,
// and one action on one of them: --apply ID (an ordinary, audited deployment update; asks
// first), --dismiss ID --reason TEXT, --snooze ID --days N, --revert ID.
import type { Command } from "commander";
import { ok } from "../../api/client.ts";
import { pathsOrganizationsOrganizationIdDeploymentsDeploymentIdRecommendationsGetParametersQueryStateValues as STATES } from "../../api/schema.ts";
import type { ResponseOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import type { Column } from "../../output.ts";
import { Session } from "../../session.ts";
import { choiceOption, confirmOrRefuse, days, note, print, shortTime } from "../shared.ts";
import { deploymentPath, resolveDeployment } from "./resolve.ts";

type Recommendation = ResponseOf<"listRecommendations">["items"][number];

function effect(r: Recommendation): string {
  const p = r.prediction;
  const percent = Math.round(p.change * 100);
  return `${p.metric} ${p.before.toFixed(1)} → ${p.after.toFixed(1)} (${percent > 0 ? "+" : ""}${percent}%)`;
}

const columns: Column<Recommendation>[] = [
  { header: "ID", value: (r) => r.id },
  {
    header: "State",
    value: (r) => (r.outcome && r.state === "APPLIED" ? `APPLIED (${r.outcome})` : r.state),
  },
  { header: "Rule", value: (r) => r.ruleId },
  { header: "Summary", value: (r) => r.summary },
  { header: "Change", value: (r) => (r.diff.length > 0 ? r.diff.join("; ") : (r.manual ?? "")) },
  { header: "Predicted", value: effect },
  { header: "Computed", value: (r) => shortTime(r.computedAt) },
];

interface Options {
  workspace?: string;
  state?: Recommendation["state"];
  apply?: string;
  dismiss?: string;
  reason?: string;
  snooze?: string;
  days?: number;
  revert?: string;
  yes?: boolean;
}

export function registerRecommendationCommands(deployment: Command, context: CliContext): void {
  defineCommand(
    deployment,
    "recommendations <DEPLOYMENT>",
    "list a deployment's tuning recommendations, or apply, dismiss, snooze or revert one",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .addOption(choiceOption("--state <state>", "only recommendations in this state", STATES))
    .option("--apply <ID>", "apply a recommendation: an ordinary deployment update (asks first)")
    .option("--dismiss <ID>", "dismiss a recommendation (needs --reason)")
    .option("--reason <TEXT>", "why the dismissed recommendation does not apply")
    .option("--snooze <ID>", "snooze a recommendation (for --days, default 7)")
    .option("--days <DAYS>", "how long to snooze, e.g. 7d or 2w", days)
    .option("--revert <ID>", "revert an applied recommendation (asks first)")
    .option("--yes", "do not ask before applying or reverting")
    .action(async (wanted: string, options: Options, command: Command) => {
      const actions = (["apply", "dismiss", "snooze", "revert"] as const).filter((name) => options[name]);
      if (actions.length > 1) {
        throw new CliError(`choose one of --${actions.join(", --")}`, ExitCode.Usage);
      }
      if (options.dismiss && !options.reason?.trim()) {
        throw new CliError("--dismiss needs --reason: why the recommendation does not apply", ExitCode.Usage);
      }
      const session = await Session.open(context, command);
      const target = await resolveDeployment(session, wanted);
      const api = session.authenticated().api;
      const path = deploymentPath(target);
      const base =
        "/organizations/{organizationId}/deployments/{deploymentId}/recommendations/{recommendationId}";
      if (options.apply || options.revert) {
        const id = (options.apply ?? options.revert) as string;
        const verb = options.apply ? "apply" : "revert";
        await confirmOrRefuse(
          session,
          `${verb} recommendation ${id} to ${target.name}? This updates its spec.`,
          {
            yes: options.yes,
            what: `${verb} a recommendation`,
          },
        );
        const params = { params: { path: { ...path, recommendationId: id } }, body: {} };
        const change = await ok(
          options.apply ? api.POST(`${base}/apply`, params) : api.POST(`${base}/revert`, params),
        );
        print(session, {
          data: change,
          details: [
            { label: "Deployment", value: change.deployment.name },
            { label: "Generation", value: change.deployment.generation },
            { label: "Status", value: change.deployment.status },
          ],
        });
        return;
      }
      if (options.dismiss) {
        const result = await ok(
          api.POST(`${base}/dismiss`, {
            params: { path: { ...path, recommendationId: options.dismiss } },
            body: { reason: options.reason as string },
          }),
        );
        print(session, { data: result, columns, rows: [result] });
        return;
      }
      if (options.snooze) {
        const result = await ok(
          api.POST(`${base}/snooze`, {
            params: { path: { ...path, recommendationId: options.snooze } },
            body: { days: options.days ?? 7 },
          }),
        );
        print(session, { data: result, columns, rows: [result] });
        return;
      }
      const list = await ok(
        api.GET("/organizations/{organizationId}/deployments/{deploymentId}/recommendations", {
          params: { path, query: options.state ? { state: options.state } : {} },
        }),
      );
      print(session, { data: list, columns, rows: list.items });
      if (session.output === "table" && list.items.length === 0) {
        note(
          session,
          "no recommendations: they are computed every 15 minutes from the runtime's metrics and runs",
        );
      }
    });
}
