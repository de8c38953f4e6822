// `skyport alert …`: alert rules of a deployment, or of every deployment of a workspace.
import type { Command } from "commander";
import { type ApiClient, idempotent, ok } from "../../api/client.ts";
import type { AlertRule, BodyOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Column } from "../../output.ts";
import { type Lookup, requireOne } from "../../resolve.ts";
import { Session } from "../../session.ts";
import { resolveDeployment } from "../deployment/resolve.ts";
import { listChannels, resolveChannel } from "../notification-channel/index.ts";
import { choiceOption, duration, given, note, print, shortTime } from "../shared.ts";

type RuleType = BodyOf<"createAlert">["type"];
type Pattern = NonNullable<BodyOf<"createAlert">["patterns"]>[number];
const TYPES = [
  "DAG_FAILURE",
  "DAG_SUCCESS",
  "TASK_FAILURE",
  "DAG_DURATION",
  "DAG_TIMELINESS",
  "TELEMETRY_SILENCE",
];
const SEVERITIES = ["info", "warning", "critical"];

const columns: Column<AlertRule>[] = [
  { header: "Name", value: (r) => r.name },
  { header: "ID", value: (r) => r.id },
  { header: "Type", value: (r) => r.type },
  { header: "Severity", value: (r) => r.severity },
  { header: "Deployment", value: (r) => r.deploymentId ?? "(every)" },
  { header: "Channels", value: (r) => r.channelIds.length },
  { header: "Muted until", value: (r) => shortTime(r.mutedUntil) },
];

const ruleLookup: Lookup<AlertRule> = {
  kind: "alert rule",
  scope: "in the workspace",
  id: (r) => r.id,
  names: (r) => [r.name],
  describe: (r) => `${r.id}  ${r.name} (${r.type})`,
};

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
}

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
    .option("--duration <duration>", "DAG_DURATION: alert once a run lasts longer, e.g. 2h", duration)
    .option("--deadline <HH:MM>", "DAG_TIMELINESS: the time a successful run must have finished by")
    .option("--time-zone <zone>", "DAG_TIMELINESS: the deadline's IANA time zone, e.g. Europe/Berlin")
    .option("--days <days>", "DAG_TIMELINESS: days of week, e.g. MONDAY,TUESDAY (default: every day)")
    .option("--look-back <duration>", "DAG_TIMELINESS: the window before the deadline, e.g. 1h", duration)
    .option(
      "--silence <duration>",
      "TELEMETRY_SILENCE: alert after this long without events, e.g. 30m",
      duration,
    )
    .option("--retries-exhausted", "TASK_FAILURE: only when no retry is left (default: every failed try)");
}

async function channelIds(session: Session, organizationId: string, wanted: string[] | undefined) {
  if (!wanted) return undefined;
  const client = session.authenticated();
  const channels = await listChannels(client, organizationId, { workspaceId: await session.workspaceId() });
  return wanted.map((name) => resolveChannel(channels, name).id);
}

export function listRules(
  client: ApiClient,
  organizationId: string,
  filter: { workspaceId?: string; deploymentId?: string },
): Promise<AlertRule[]> {
  return client.all((page) =>
    client.api.GET("/organizations/{organizationId}/alerts", {
      params: { path: { organizationId }, query: { ...filter, ...page } },
    }),
  );
}

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
    .action(async (options: { deploymentId?: string }, command: Command) => {
      const session = await Session.open(context, command);
      const organizationId = await session.organizationId();
      const filter = options.deploymentId
        ? { deploymentId: (await resolveDeployment(session, options.deploymentId)).id }
        : { workspaceId: await session.workspaceId() };
      const rules = await listRules(session.authenticated(), organizationId, filter);
      print(session, { data: rules, columns, rows: rules });
    });

  ruleOptions(
    defineCommand(alert, "create", "create an alert rule", { prints: true })
      .requiredOption("--name <name>", "what the rule is called, e.g. nightly failures")
      .addOption(choiceOption("--type <type>", "what it watches", TYPES, { required: true }))
      .option(
        "--deployment-id <ID|NAME>",
        "the deployment it watches (default: every deployment of the workspace)",
      ),
  ).action(async (options: RuleOptions & { name: string; type: RuleType }, command: Command) => {
    const session = await Session.open(context, command);
    const organizationId = await session.organizationId();
    const workspaceId = await session.workspaceId();
    const deploymentId = options.deploymentId
      ? (await resolveDeployment(session, options.deploymentId)).id
      : undefined;
    const rule = await ok(
      session.authenticated().api.POST("/organizations/{organizationId}/alerts", {
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
  });

  ruleOptions(
    defineCommand(
      alert,
      "update <ID|NAME>",
      "change an alert rule (patterns, properties and channels are replaced)",
      {
        prints: true,
      },
    ).option("--name <name>", "a new name"),
  ).action(async (wanted: string, options: RuleOptions, command: Command) => {
    const session = await Session.open(context, command);
    const organizationId = await session.organizationId();
    const target = await findRule(session, wanted);
    const changes = given({
      name: options.name,
      severity: options.severity as BodyOf<"updateAlert">["severity"],
      patterns: patternsOf(options),
      properties: propertiesOf(options) && { ...target.properties, ...propertiesOf(options) },
      channelIds: await channelIds(session, organizationId, options.channel),
    });
    if (Object.keys(changes).length === 0)
      throw new CliError("nothing to change: give an option to set", ExitCode.Usage);
    const rule = await ok(
      session.authenticated().api.PATCH("/organizations/{organizationId}/alerts/{ruleId}", {
        params: { path: { organizationId, ruleId: target.id } },
        body: changes,
      }),
    );
    print(session, { data: rule, columns, rows: [rule] });
  });

  defineCommand(
    alert,
    "mute <ID|NAME>",
    "mute an alert rule for a while (incidents are recorded, not notified)",
    {
      prints: true,
    },
  )
    .option("--for <duration>", "how long, e.g. 2h", duration)
    .option("--until <time>", "until this ISO 8601 time, e.g. 2026-12-24T08:00:00Z")
    .option("--off", "unmute")
    .action(
      async (wanted: string, options: { for?: number; until?: string; off?: boolean }, command: Command) => {
        const given = [options.for !== undefined, options.until !== undefined, options.off === true].filter(
          Boolean,
        );
        if (given.length !== 1)
          throw new CliError("give exactly one of --for, --until or --off", ExitCode.Usage);
        const session = await Session.open(context, command);
        const organizationId = await session.organizationId();
        const target = await findRule(session, wanted);
        const until = options.off
          ? null
          : (options.until ?? new Date(Date.now() + (options.for ?? 0)).toISOString());
        const rule = await ok(
          session.authenticated().api.POST("/organizations/{organizationId}/alerts/{ruleId}/mute", {
            params: { path: { organizationId, ruleId: target.id } },
            body: { until },
          }),
        );
        note(session, until ? `Muted “${rule.name}” until ${until}.` : `Unmuted “${rule.name}”.`);
        print(session, { data: rule, columns, rows: [rule] });
      },
    );

  defineCommand(alert, "delete <ID|NAME>", "delete an alert rule and its incident history", {
    prints: true,
  }).action(async (wanted: string, _options: unknown, command: Command) => {
    const session = await Session.open(context, command);
    const organizationId = await session.organizationId();
    const target = await findRule(session, wanted);
    const rule = await ok(
      session.authenticated().api.DELETE("/organizations/{organizationId}/alerts/{ruleId}", {
        params: { path: { organizationId, ruleId: target.id } },
      }),
    );
    note(session, `Deleted alert rule “${rule.name}”.`);
    print(session, { data: rule, columns, rows: [rule] });
  });
}
