// `skyport alert …`: alert rules of a deployment, or of every deployment of a workspace.
import type { Command } from "commander";
import { idempotent, type OrganizationList, type OwnerFilter, ok } from "../../api/client.ts";
import { pathsOrganizationsOrganizationIdAlertsPostRequestBodyContentApplicationJsonTypeValues as TYPES } from "../../api/schema.ts";
import type { AlertRule, BodyOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Column } from "../../output.ts";
import { namedLookup, requireOne } from "../../resolve.ts";
import { Session } from "../../session.ts";
import { listDeployments, resolveDeployment } from "../deployment/resolve.ts";
import { canonical, defineApplyCommand, noteApplied, type PlanAction, showPlan } from "../list-file.ts";
import { listChannels, resolveChannel } from "../notification-channel/index.ts";
import { choiceOption, duration, given, inOrganization, note, print, shortTime } from "../shared.ts";
import { ALERTS_FILE, type AlertFileRule, fileRuleOf, renderAlertFile } from "./alert-file.ts";

type RuleType = BodyOf<"createAlert">["type"];
type Pattern = NonNullable<BodyOf<"createAlert">["patterns"]>[number];
const HEALTH_CONDITIONS = [
  "SCHEDULER_HEARTBEAT_MISSING",
  "DEPLOYMENT_UNHEALTHY",
  "WORKER_QUEUE_SATURATED",
  "IMPORT_ERRORS",
];
const SEVERITIES = ["info", "warning", "critical"];

const columns: Column<AlertRule>[] = [
  { header: "Name", value: (r) => r.name },
  { header: "ID", value: (r) => r.id },
  { header: "Type", value: (r) => r.type },
  { header: "Severity", value: (r) => r.severity },
  { header: "Deployment", value: (r) => r.deploymentId ?? "(every)" },
  { header: "Channels", value: (r) => r.channelIds.length },
  { header: "Enabled", value: (r) => (r.enabled ? "yes" : "no") },
  { header: "Muted until", value: (r) => shortTime(r.mutedUntil) },
];

const ruleLookup = namedLookup<AlertRule>("alert rule", "in the workspace", (r) => r.type);

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface RuleOptions {
  name?: string;
  severity?: string;
  deploymentId?: string;
  dag?: string[];
  excludeDag?: string[];
  task?: string[];
  excludeTask?: string[];
  channel?: string[];
  duration?: number;
  deadline?: string;
  timeZone?: string;
  days?: string;
  lookBack?: number;
  silence?: number;
  retriesExhausted?: boolean;
  history?: number;
  deviations?: number;
  minHistory?: number;
  condition?: string;
  heartbeat?: number;
  groupWindow?: number;
}

const number = (value: string) => {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed))
    throw new CliError(`"${value}" is not a number`, ExitCode.Usage);
  return parsed;
};

function patternsOf(options: RuleOptions): Pattern[] | undefined {
  const patterns: Pattern[] = [];
  const add = (entity: Pattern["entity"], operator: Pattern["operator"], values?: string[]) => {
    if (values && values.length > 0) patterns.push({ entity, operator, values });
  };
  add("DAG_ID", "IS", options.dag);
  add("DAG_ID", "IS_NOT", options.excludeDag);
  add("TASK_ID", "IS", options.task);
  add("TASK_ID", "IS_NOT", options.excludeTask);
  return patterns.length > 0 ? patterns : undefined;
}

function propertiesOf(options: RuleOptions): Record<string, unknown> | undefined {
  const properties = given({
    durationSeconds: options.duration === undefined ? undefined : Math.round(options.duration / 1000),
    deadline: options.deadline,
    timeZone: options.timeZone,
    daysOfWeek: options.days?.split(",").map((day) => day.trim().toUpperCase()),
    lookBackSeconds: options.lookBack === undefined ? undefined : Math.round(options.lookBack / 1000),
    silenceMinutes: options.silence === undefined ? undefined : Math.round(options.silence / 60_000),
    taskFailureMode: options.retriesExhausted ? "RETRIES_EXHAUSTED" : undefined,
    historySize: options.history,
    deviations: options.deviations,
    minHistory: options.minHistory,
    condition: options.condition,
    heartbeatMinutes: options.heartbeat === undefined ? undefined : Math.round(options.heartbeat / 60_000),
    groupWindowSeconds:
      options.groupWindow === undefined ? undefined : Math.round(options.groupWindow / 1000),
  });
  return Object.keys(properties).length > 0 ? properties : undefined;
}

function ruleOptions(command: Command): Command {
  return command
    .addOption(choiceOption("--severity <severity>", "how urgent its notifications are", SEVERITIES))
    .option("--dag <id|pattern>", "watch DAGs matching this id or * pattern (repeatable)", collect)
    .option("--exclude-dag <id|pattern>", "skip DAGs matching this id or * pattern (repeatable)", collect)
    .option("--task <id|pattern>", "watch tasks matching this id or * pattern (repeatable)", collect)
    .option("--exclude-task <id|pattern>", "skip tasks matching this (repeatable)", collect)
    .option("--channel <ID|NAME>", "notify this notification channel (repeatable)", collect)
    .option(
      "--duration <duration>",
      "DAG_DURATION, TASK_DURATION: alert once a run (a task try) lasts longer, e.g. 2h",
      duration,
    )
    .option("--deadline <HH:MM>", "DAG_TIMELINESS: the time a successful run must have finished by")
    .option("--time-zone <zone>", "DAG_TIMELINESS: the deadline's IANA time zone, e.g. Europe/Berlin")
    .option("--days <days>", "DAG_TIMELINESS: days of week, e.g. MONDAY,TUESDAY (default: every day)")
    .option("--look-back <duration>", "DAG_TIMELINESS: the window before the deadline, e.g. 1h", duration)
    .option(
      "--silence <duration>",
      "TELEMETRY_SILENCE: alert after this long without events, e.g. 30m",
      duration,
    )
    .option("--retries-exhausted", "TASK_FAILURE: only when no retry is left (default: every failed try)")
    .option(
      "--group-window <duration>",
      "DAG_FAILURE: group a DAG's failures that follow each other within this, e.g. 1h",
      duration,
    )
    .option("--history <runs>", "DURATION_ANOMALY: successful runs in the baseline (default 20)", number)
    .option("--deviations <k>", "DURATION_ANOMALY: threshold = median + k × MAD (default 3)", number)
    .option("--min-history <runs>", "DURATION_ANOMALY: runs needed before judging (default 5)", number)
    .addOption(choiceOption("--condition <condition>", "DEPLOYMENT_HEALTH: what to watch", HEALTH_CONDITIONS))
    .option(
      "--heartbeat <duration>",
      "DEPLOYMENT_HEALTH: scheduler heartbeat missing for this long, e.g. 5m",
      duration,
    );
}

async function channelIds(session: Session, organizationId: string, wanted: string[] | undefined) {
  if (!wanted) return undefined;
  const client = session.authenticated();
  const channels = await listChannels(client, organizationId, { workspaceId: await session.workspaceId() });
  return wanted.map((name) => resolveChannel(channels, name).id);
}

export const listRules: OrganizationList<AlertRule, OwnerFilter> = (client, organizationId, filter) =>
  client.every({ organizationId }, filter, (request) =>
    client.api.GET("/organizations/{organizationId}/alerts", request),
  );

async function findRule(session: Session, wanted: string): Promise<AlertRule> {
  const organizationId = await session.organizationId();
  const rules = await listRules(session.authenticated(), organizationId, {
    workspaceId: await session.workspaceId(),
  });
  return requireOne(ruleLookup, rules, wanted);
}

export function registerAlertCommands(program: Command, context: CliContext): void {
  const alert = defineGroup(program, "alert", "alert rules: failures, durations, deadlines and silence");

  defineCommand(alert, "list", "list the workspace's alert rules, or those watching one deployment", {
    prints: true,
  })
    .option("--deployment-id <ID|NAME>", "only the rules watching this deployment")
    .action(
      inOrganization(context, async (session, organizationId, options: { deploymentId?: string }) => {
        const filter = options.deploymentId
          ? { deploymentId: (await resolveDeployment(session, options.deploymentId)).id }
          : { workspaceId: await session.workspaceId() };
        const rules = await listRules(session.authenticated(), organizationId, filter);
        print(session, { data: rules, columns, rows: rules });
      }),
    );

  ruleOptions(
    defineCommand(alert, "create", "create an alert rule", { prints: true })
      .requiredOption("--name <name>", "what the rule is called, e.g. nightly failures")
      .addOption(choiceOption("--type <type>", "what it watches", TYPES, { required: true }))
      .option(
        "--deployment-id <ID|NAME>",
        "the deployment it watches (default: every deployment of the workspace)",
      ),
  ).action(
    inOrganization(
      context,
      async (session, organizationId, options: RuleOptions & { name: string; type: RuleType }) => {
        const workspaceId = await session.workspaceId();
        const deploymentId = options.deploymentId
          ? (await resolveDeployment(session, options.deploymentId)).id
          : undefined;
        const rule = await ok(
          session.api.POST("/organizations/{organizationId}/alerts", {
            params: { path: { organizationId }, header: idempotent() },
            body: {
              workspaceId,
              name: options.name,
              type: options.type,
              ...given({
                deploymentId,
                severity: options.severity as BodyOf<"createAlert">["severity"],
                patterns: patternsOf(options),
                properties: propertiesOf(options),
                channelIds: await channelIds(session, organizationId, options.channel),
              }),
            },
          }),
        );
        note(session, `Created alert rule “${rule.name}”.`);
        print(session, { data: rule, columns, rows: [rule] });
      },
    ),
  );

  ruleOptions(
    defineCommand(
      alert,
      "update <ID|NAME>",
      "change an alert rule (patterns, properties and channels are replaced)",
      {
        prints: true,
      },
    )
      .option("--name <name>", "a new name")
      .option("--disable", "stop evaluating the rule (no incidents) until --enable")
      .option("--enable", "evaluate the rule again"),
  ).action(
    async (
      wanted: string,
      options: RuleOptions & { enable?: boolean; disable?: boolean },
      command: Command,
    ) => {
      if (options.enable && options.disable)
        throw new CliError("give --enable or --disable, not both", ExitCode.Usage);
      const session = await Session.open(context, command);
      const organizationId = await session.organizationId();
      const target = await findRule(session, wanted);
      const changes = given({
        name: options.name,
        severity: options.severity as BodyOf<"updateAlert">["severity"],
        patterns: patternsOf(options),
        properties: propertiesOf(options) && { ...target.properties, ...propertiesOf(options) },
        channelIds: await channelIds(session, organizationId, options.channel),
        enabled: options.enable ? true : options.disable ? false : undefined,
      });
      if (Object.keys(changes).length === 0)
        throw new CliError("nothing to change: give an option to set", ExitCode.Usage);
      const rule = await ok(
        session.api.PATCH("/organizations/{organizationId}/alerts/{ruleId}", {
          params: { path: { organizationId, ruleId: target.id } },
          body: changes,
        }),
      );
      print(session, { data: rule, columns, rows: [rule] });
    },
  );

  defineCommand(
    alert,
    "mute <ID|NAME>",
    "mute an alert rule, or one DAG or task of it, for a while (incidents are recorded, not notified)",
    {
      prints: true,
    },
  )
    .option("--for <duration>", "how long, e.g. 2h", duration)
    .option("--until <time>", "until this ISO 8601 time, e.g. 2026-12-24T08:00:00Z")
    .option("--off", "unmute")
    .option("--dag <id>", "mute only this DAG of the rule")
    .option("--task <id>", "with --dag: mute only this task of the DAG")
    .action(
      async (
        wanted: string,
        options: { for?: number; until?: string; off?: boolean; dag?: string; task?: string },
        command: Command,
      ) => {
        const chosen = [options.for !== undefined, options.until !== undefined, options.off === true].filter(
          Boolean,
        );
        if (chosen.length !== 1)
          throw new CliError("give exactly one of --for, --until or --off", ExitCode.Usage);
        if (options.task !== undefined && options.dag === undefined)
          throw new CliError("--task needs --dag: a task is muted within its DAG", ExitCode.Usage);
        const session = await Session.open(context, command);
        const organizationId = await session.organizationId();
        const target = await findRule(session, wanted);
        const until = options.off
          ? null
          : (options.until ?? new Date(Date.now() + (options.for ?? 0)).toISOString());
        const rule = await ok(
          session.api.POST("/organizations/{organizationId}/alerts/{ruleId}/mute", {
            params: { path: { organizationId, ruleId: target.id } },
            body: { until, ...given({ dagId: options.dag, taskId: options.task }) },
          }),
        );
        const what = options.dag
          ? `${options.task ? `task ${options.dag}.${options.task}` : `DAG ${options.dag}`} of “${rule.name}”`
          : `“${rule.name}”`;
        note(session, until ? `Muted ${what} until ${until}.` : `Unmuted ${what}.`);
        print(session, { data: rule, columns, rows: [rule] });
      },
    );

  defineCommand(alert, "delete <ID|NAME>", "delete an alert rule and its incident history", {
    prints: true,
  }).action(
    inOrganization(context, async (session, organizationId, wanted: string) => {
      const target = await findRule(session, wanted);
      const rule = await ok(
        session.api.DELETE("/organizations/{organizationId}/alerts/{ruleId}", {
          params: { path: { organizationId, ruleId: target.id } },
        }),
      );
      note(session, `Deleted alert rule “${rule.name}”.`);
      print(session, { data: rule, columns, rows: [rule] });
    }),
  );

  registerAlertFileCommands(alert, context);
}

interface PlannedRule {
  action: PlanAction;
  rule: AlertFileRule;
  existing?: AlertRule;
  deploymentId?: string;
  channelIds: string[];
  changes: string[];
}

function registerAlertFileCommands(alert: Command, context: CliContext): void {
  defineCommand(
    alert,
    "export",
    "print the workspace's alert rules (or those watching one deployment) as an alerts file for `alert apply -f`",
  )
    .option("--deployment-id <ID|NAME>", "only the rules watching this deployment")
    .action(
      inOrganization(context, async (session, organizationId, options: { deploymentId?: string }) => {
        const workspaceId = await session.workspaceId();
        const client = session.authenticated();
        const filter = options.deploymentId
          ? { deploymentId: (await resolveDeployment(session, options.deploymentId)).id }
          : { workspaceId };
        const rules = await listRules(client, organizationId, filter);
        const deployments = new Map(
          (await listDeployments(client, organizationId, { workspaceId })).map((d) => [d.id, d.name]),
        );
        const channelNames = new Map<string, string>();
        for (const owner of new Set(rules.map((rule) => rule.deploymentId ?? ""))) {
          const channels = await listChannels(
            client,
            organizationId,
            owner ? { deploymentId: owner } : { workspaceId },
          );
          for (const channel of channels) channelNames.set(channel.id, channel.name);
        }
        const fileRules = rules
          .map((rule) =>
            fileRuleOf(rule, {
              deployment: (id) => deployments.get(id) ?? id,
              channel: (id) => channelNames.get(id) ?? id,
            }),
          )
          .sort((a, b) => a.name.localeCompare(b.name));
        session.context.io.out(renderAlertFile(fileRules));
      }),
    );

  defineApplyCommand(alert, context, ALERTS_FILE, async (run) => {
    const { entries: fileRules, dryRun, session, client, organizationId, workspaceId } = run;
    const existing = new Map(
      (await listRules(client, organizationId, { workspaceId })).map((r) => [r.name, r]),
    );
    const deployments = await listDeployments(client, organizationId, { workspaceId });
    const channelsAt = new Map<string, Awaited<ReturnType<typeof listChannels>>>();
    const plan: PlannedRule[] = [];
    for (const [index, rule] of fileRules.entries()) {
      const at = `rules[${index}]`;
      let deploymentId: string | undefined;
      if (rule.deployment) {
        const found = deployments.find((d) => d.name === rule.deployment || d.id === rule.deployment);
        if (!found)
          throw new CliError(
            `${at}.deployment: no deployment “${rule.deployment}” in the workspace`,
            ExitCode.Usage,
          );
        deploymentId = found.id;
      }
      const ownerKey = deploymentId ?? "";
      if (!channelsAt.has(ownerKey)) {
        channelsAt.set(
          ownerKey,
          await listChannels(client, organizationId, deploymentId ? { deploymentId } : { workspaceId }),
        );
      }
      const usable = channelsAt.get(ownerKey) ?? [];
      const channelIds = (rule.channels ?? []).map((name) => {
        const found = usable.find((channel) => channel.name === name);
        if (!found)
          throw new CliError(
            `${at}.channels: no notification channel “${name}” usable by this rule`,
            ExitCode.Usage,
          );
        return found.id;
      });
      const before = existing.get(rule.name);
      if (!before) {
        plan.push({ action: "create", rule, deploymentId, channelIds, changes: [] });
        continue;
      }
      if (before.type !== rule.type)
        throw new CliError(
          `${at}.type: “${rule.name}” is a ${before.type} rule; a rule's type cannot change (delete it or use another name)`,
          ExitCode.Usage,
        );
      if ((before.deploymentId ?? undefined) !== deploymentId)
        throw new CliError(
          `${at}.deployment: “${rule.name}” watches another deployment; a rule's deployment cannot change (delete it or use another name)`,
          ExitCode.Usage,
        );
      const changes: string[] = [];
      if (rule.severity && rule.severity !== before.severity) changes.push("severity");
      if (canonical(rule.patterns) !== canonical(before.patterns)) changes.push("patterns");
      const properties = rule.properties ?? {};
      if (
        Object.entries(properties).some(
          ([key, value]) => canonical(value) !== canonical(before.properties[key]),
        )
      )
        changes.push("properties");
      if (canonical([...channelIds].sort()) !== canonical([...before.channelIds].sort()))
        changes.push("channels");
      if ((rule.enabled ?? true) !== before.enabled) changes.push("enabled");
      plan.push({
        action: changes.length ? "update" : "unchanged",
        rule,
        existing: before,
        deploymentId,
        channelIds,
        changes,
      });
    }
    const rows = plan.map((p) => ({
      action: p.action,
      name: p.rule.name,
      type: p.rule.type,
      changes: p.action === "update" ? p.changes.join(", ") : "",
    }));
    if (
      showPlan(session, dryRun, rows, [
        { header: "Action", value: (r) => r.action },
        { header: "Name", value: (r) => r.name },
        { header: "Type", value: (r) => r.type },
        { header: "Changes", value: (r) => r.changes },
      ])
    )
      return;
    for (const step of plan) {
      if (step.action === "create") {
        await ok(
          client.api.POST("/organizations/{organizationId}/alerts", {
            params: { path: { organizationId }, header: idempotent() },
            body: {
              workspaceId,
              name: step.rule.name,
              type: step.rule.type,
              patterns: step.rule.patterns,
              properties: step.rule.properties,
              channelIds: step.channelIds,
              enabled: step.rule.enabled ?? true,
              ...given({ deploymentId: step.deploymentId, severity: step.rule.severity }),
            },
          }),
        );
      } else if (step.action === "update" && step.existing) {
        await ok(
          client.api.PATCH("/organizations/{organizationId}/alerts/{ruleId}", {
            params: { path: { organizationId, ruleId: step.existing.id } },
            body: {
              patterns: step.rule.patterns,
              properties: step.rule.properties,
              channelIds: step.channelIds,
              enabled: step.rule.enabled ?? true,
              ...given({ severity: step.rule.severity }),
            },
          }),
        );
      }
    }
    noteApplied(session, plan);
  });
}
