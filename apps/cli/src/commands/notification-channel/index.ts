// `skyport notification-channel …`: where alerts go. Secrets given here (webhook URLs, keys)
// are sealed by the server and never shown again.
import type { Command } from "commander";
import { idempotent, type OrganizationList, type OwnerFilter, ok } from "../../api/client.ts";
import type { BodyOf, NotificationChannel } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Column } from "../../output.ts";
import { namedLookup, requireOne } from "../../resolve.ts";
import { Session } from "../../session.ts";
import { resolveDeployment } from "../deployment/resolve.ts";
import { choiceOption, inOrganization, note, print, withSession } from "../shared.ts";

type Settings = BodyOf<"createNotificationChannel">["settings"];
const KINDS = ["slack", "email", "pagerduty", "opsgenie", "webhook"];

const columns: Column<NotificationChannel>[] = [
  { header: "Name", value: (c) => c.name },
  { header: "ID", value: (c) => c.id },
  { header: "Kind", value: (c) => c.kind },
  { header: "Scope", value: (c) => c.scope },
  { header: "Shared", value: (c) => (c.shared ? "yes" : "no") },
  { header: "Recipients", value: (c) => (c.recipients ?? []).join(", ") },
];

const channelLookup = namedLookup<NotificationChannel>(
  "notification channel",
  "usable here",
  (c) => `${c.kind}, ${c.scope}`,
);

export function resolveChannel(
  channels: readonly NotificationChannel[],
  wanted: string,
): NotificationChannel {
  return requireOne(channelLookup, channels, wanted);
}

export const listChannels: OrganizationList<NotificationChannel, OwnerFilter> = (
  client,
  organizationId,
  owner,
) =>
  client.every({ organizationId }, owner, (request) =>
    client.api.GET("/organizations/{organizationId}/notification-channels", request),
  );

interface OwnerOptions {
  deploymentId?: string;
  organizationLevel?: boolean;
}

async function ownerOf(session: Session, options: OwnerOptions) {
  if (options.organizationLevel) return {};
  if (options.deploymentId)
    return { deploymentId: (await resolveDeployment(session, options.deploymentId)).id };
  return { workspaceId: await session.workspaceId() };
}

interface SettingOptions {
  webhookUrl?: string;
  recipient?: string[];
  routingKey?: string;
  apiKey?: string;
  region?: string;
  url?: string;
  signingSecret?: string;
}

interface CreateOptions extends OwnerOptions, SettingOptions {
  name: string;
  kind: string;
  notShared?: boolean;
}

function need(value: string | undefined, flag: string, kind: string): string {
  if (!value) throw new CliError(`--kind ${kind} needs ${flag}`, ExitCode.Usage);
  return value;
}

function settingsOf(options: SettingOptions, kindName: string): Settings {
  const kind = kindName.toLowerCase();
  switch (kind) {
    case "slack":
      return { kind: "SLACK", webhookUrl: need(options.webhookUrl, "--webhook-url", kind) };
    case "email":
      if (!options.recipient?.length) throw new CliError("--kind email needs --recipient", ExitCode.Usage);
      return { kind: "EMAIL", recipients: options.recipient };
    case "pagerduty":
      return { kind: "PAGERDUTY", routingKey: need(options.routingKey, "--routing-key", kind) };
    case "opsgenie":
      return {
        kind: "OPSGENIE",
        apiKey: need(options.apiKey, "--api-key", kind),
        region: (options.region ?? "US").toUpperCase() as "US" | "EU",
      };
    case "webhook":
      return {
        kind: "WEBHOOK",
        url: need(options.url, "--url", kind),
        signingSecret: need(options.signingSecret, "--signing-secret", kind),
      };
    default:
      throw new CliError(`--kind must be one of ${KINDS.join(", ")}`, ExitCode.Usage);
  }
}

/** The kind-specific setting flags (secrets among them), shared by create and update. */
const settingFlags = (command: Command) =>
  command
    .option("--webhook-url <url>", "slack: the incoming webhook URL")
    .option("--recipient <email>", "email: a recipient (repeatable)", (v: string, p: string[] = []) => [
      ...p,
      v,
    ])
    .option("--routing-key <key>", "pagerduty: the Events API v2 integration key")
    .option("--api-key <key>", "opsgenie: the API integration key")
    .option("--region <region>", "opsgenie: US or EU (default US)")
    .option("--url <url>", "webhook: the endpoint")
    .option("--signing-secret <whsec_…>", "webhook: the Standard Webhooks signing secret");

const SETTING_KEYS = [
  "webhookUrl",
  "recipient",
  "routingKey",
  "apiKey",
  "region",
  "url",
  "signingSecret",
] as const;

const ownerFlags = (command: Command) =>
  command
    .option("--deployment-id <ID|NAME>", "a deployment's channels (default: the current workspace's)")
    .option("--organization-level", "the organization's own channels");

export function registerNotificationChannelCommands(program: Command, context: CliContext): void {
  const group = defineGroup(
    program,
    "notification-channel",
    "where alerts go: Slack, e-mail, PagerDuty, Opsgenie, webhooks",
  );

  ownerFlags(
    defineCommand(group, "list", "list the channels usable here (own and shared from above; never secrets)", {
      prints: true,
    }),
  ).action(
    inOrganization(context, async (session, organizationId, options: OwnerOptions) => {
      const channels = await listChannels(
        session.authenticated(),
        organizationId,
        await ownerOf(session, options),
      );
      print(session, { data: channels, columns, rows: channels });
    }),
  );

  ownerFlags(
    settingFlags(
      defineCommand(group, "create", "create a notification channel; its secret is never shown again", {
        prints: true,
      })
        .requiredOption("--name <name>", "what the channel is called, e.g. data-oncall")
        .addOption(choiceOption("--kind <kind>", "where notifications go", KINDS, { required: true })),
    ).option("--not-shared", "only this scope's own rules may use it (default: shared downwards)"),
  ).action(
    inOrganization(context, async (session, organizationId, options: CreateOptions) => {
      const settings = settingsOf(options, options.kind);
      const channel = await ok(
        session.api.POST("/organizations/{organizationId}/notification-channels", {
          params: { path: { organizationId }, header: idempotent() },
          body: {
            ...(await ownerOf(session, options)),
            name: options.name,
            shared: !options.notShared,
            settings,
          },
        }),
      );
      note(session, `Created notification channel “${channel.name}”.`);
      print(session, { data: channel, columns, rows: [channel] });
    }),
  );

  const find = async (session: Session, wanted: string) => {
    const organizationId = await session.organizationId();
    const channels = await listChannels(session.authenticated(), organizationId, {
      workspaceId: await session.workspaceId(),
    });
    return { organizationId, channel: resolveChannel(channels, wanted) };
  };

  defineCommand(group, "delete <ID|NAME>", "delete a notification channel", { prints: true }).action(
    withSession(context, async (session, wanted: string) => {
      const { organizationId, channel } = await find(session, wanted);
      const deleted = await ok(
        session.api.DELETE("/organizations/{organizationId}/notification-channels/{channelId}", {
          params: { path: { organizationId, channelId: channel.id } },
        }),
      );
      note(session, `Deleted notification channel “${deleted.name}”.`);
      print(session, { data: deleted, columns, rows: [deleted] });
    }),
  );

  defineCommand(group, "test <ID|NAME>", "send a test notification through a channel", {
    prints: true,
  }).action(
    withSession(context, async (session, wanted: string) => {
      const { organizationId, channel } = await find(session, wanted);
      const delivery = await ok(
        session.api.POST("/organizations/{organizationId}/notification-channels/{channelId}/test", {
          params: { path: { organizationId, channelId: channel.id } },
          body: {},
        }),
      );
      note(session, `Queued a test notification to “${channel.name}” (delivery ${delivery.id}).`);
      print(session, {
        data: delivery,
        columns: [
          { header: "Delivery", value: (d: typeof delivery) => d.id },
          { header: "Status", value: (d: typeof delivery) => d.status },
        ],
        rows: [delivery],
      });
    }),
  );

  settingFlags(
    defineCommand(
      group,
      "update <ID|NAME>",
      "change a channel's name, sharing or settings; setting flags replace the kind's settings, secret included (never shown)",
      { prints: true },
    )
      .option("--name <name>", "a new name")
      .option("--shared", "rules below this level may use it")
      .option("--not-shared", "only this level's own rules may use it"),
  ).action(
    async (
      wanted: string,
      options: SettingOptions & { name?: string; shared?: boolean; notShared?: boolean },
      command: Command,
    ) => {
      if (options.shared && options.notShared)
        throw new CliError("give --shared or --not-shared, not both", ExitCode.Usage);
      const session = await Session.open(context, command);
      const { organizationId, channel } = await find(session, wanted);
      const replacesSettings = SETTING_KEYS.some((key) => options[key] !== undefined);
      const updated = await ok(
        session.api.PATCH("/organizations/{organizationId}/notification-channels/{channelId}", {
          params: { path: { organizationId, channelId: channel.id } },
          body: {
            ...(options.name ? { name: options.name } : {}),
            ...(options.shared ? { shared: true } : options.notShared ? { shared: false } : {}),
            ...(replacesSettings ? { settings: settingsOf(options, channel.kind) } : {}),
          },
        }),
      );
      note(
        session,
        `Updated notification channel “${updated.name}”${replacesSettings ? " (settings replaced; the secret is not shown)" : ""}.`,
      );
      print(session, { data: updated, columns, rows: [updated] });
    },
  );
}
