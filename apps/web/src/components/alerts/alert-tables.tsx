// Alert rules, notification channels and a deployment's incident history. Rows come from the
// alert.list, notificationChannel.list and alert.incidents procedures; who may manage them gets
// each row's actions (`actions`).
import type { ChannelView, IncidentView, RuleView } from "@skyport/domain";
import {
  ActionsTh,
  EmptyState,
  StatusBadge,
  type StatusTone,
  Table,
  TBody,
  Td,
  THead,
  Th,
  Tr,
  Truncate,
} from "@skyport/ui";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatUtc } from "@/components/time-format.ts";
import { CHANNEL_KIND_LABELS, RULE_TYPE_LABELS, SCOPE_LABELS } from "./labels.ts";

const RULE_COLUMNS = ["Name", "Type", "Severity", "Scope", "Notifications"];
const CHANNEL_COLUMNS = ["Name", "Kind", "Belongs to", "Settings", "Test"];

/** A rule's or channel's name, cut to one line. */
function NameCell({ name }: { name: string }) {
  return (
    <Td label="Name">
      <Truncate text={name} />
    </Td>
  );
}

/** A list of rules or channels: its columns, one row per item, and the row's actions if any. */
function ItemTable<Item extends { id: string; name: string }>({
  label,
  columns,
  items,
  cells,
  actions,
}: {
  label: string;
  columns: readonly string[];
  items: readonly Item[];
  /** The cells after the name. */
  cells: (item: Item) => ReactNode;
  actions?: ((item: Item) => ReactNode) | undefined;
}) {
  return (
    <Table label={label}>
      <Head columns={columns} actions={actions !== undefined} />
      <TBody>
        {items.map((item) => (
          <Tr key={item.id}>
            <NameCell name={item.name} />
            {cells(item)}
            {actions ? <Td className="whitespace-nowrap">{actions(item)}</Td> : null}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

/** A table's column headings, and an unlabelled one for row actions when there are any. */
function Head({ columns, actions = false }: { columns: readonly string[]; actions?: boolean }) {
  return (
    <THead>
      <Tr>
        {columns.map((column) => (
          <Th key={column}>{column}</Th>
        ))}
        {actions ? <ActionsTh /> : null}
      </Tr>
    </THead>
  );
}

function notifying(rule: RuleView, now: Date): string {
  if (!rule.enabled) return "Disabled";
  if (rule.mutedUntil && rule.mutedUntil > now) return `Muted until ${formatUtc(rule.mutedUntil)}`;
  return "On";
}

const SEVERITY_TONE: Record<RuleView["severity"], StatusTone> = {
  INFO: "neutral",
  WARNING: "warning",
  CRITICAL: "bad",
};

export function AlertRulesTable({
  rules,
  emptyTitle = "No alert rules watch this deployment",
  emptyHint = (
    <>
      Create one with <code>skyport alert create</code>.
    </>
  ),
  actions,
  now = new Date(),
}: {
  rules: readonly RuleView[];
  emptyTitle?: string;
  emptyHint?: ReactNode;
  /** Each row's buttons, for those who may manage the rule. */
  actions?: ((rule: RuleView) => ReactNode) | undefined;
  now?: Date;
}) {
  if (rules.length === 0) return <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>;
  return (
    <ItemTable
      label="Alert rules"
      columns={RULE_COLUMNS}
      items={rules}
      actions={actions}
      cells={(rule) => (
        <>
          <Td label="Type">{RULE_TYPE_LABELS[rule.type] ?? rule.type}</Td>
          <Td label="Severity">
            <StatusBadge tone={SEVERITY_TONE[rule.severity]}>{rule.severity}</StatusBadge>
          </Td>
          <Td label="Scope">{rule.deploymentId ? "This deployment" : "Every deployment of the workspace"}</Td>
          <Td label="Notifications">{notifying(rule, now)}</Td>
        </>
      )}
    />
  );
}

export function IncidentsTable({
  incidents,
  incidentHref,
}: {
  incidents: readonly IncidentView[];
  /** Where an incident's timeline is. */
  incidentHref?: ((incident: IncidentView) => string) | undefined;
}) {
  if (incidents.length === 0) return <EmptyState title="No incidents yet" />;
  return (
    <Table label="Incidents" dense>
      <Head columns={["Opened", "Rule", "What happened", "Status", "Resolved"]} />
      <TBody>
        {incidents.map((incident) => (
          <Tr key={incident.id}>
            <Td label="Opened">
              {incidentHref ? (
                <Link className="text-link underline-offset-2 hover:underline" href={incidentHref(incident)}>
                  {formatUtc(incident.openedAt)}
                </Link>
              ) : (
                formatUtc(incident.openedAt)
              )}
            </Td>
            <Td label="Rule">
              <Truncate text={incident.ruleName} />
            </Td>
            <Td label="What happened">
              <Truncate text={incident.summary} />
            </Td>
            <Td label="Status">
              <StatusBadge tone={incident.status === "OPEN" ? SEVERITY_TONE[incident.severity] : "good"}>
                {incident.status === "OPEN" ? (incident.muted ? "Open (muted)" : "Open") : "Resolved"}
              </StatusBadge>
            </Td>
            <Td label="Resolved">
              {incident.resolvedAt
                ? `${formatUtc(incident.resolvedAt)}: ${incident.resolveReason ?? ""}`
                : "—"}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

/** What a channel is set up with, never its secret. */
function channelSettings(channel: ChannelView): ReactNode {
  if (channel.recipients) return <Truncate text={channel.recipients.join(", ")} />;
  if (channel.region) return `Region ${channel.region} · key set`;
  return "Secret set (write-only)";
}

export function ChannelsTable({
  channels,
  emptyHint,
  test,
  actions,
}: {
  channels: readonly ChannelView[];
  emptyHint: ReactNode;
  /** The last test notification's result in the row. */
  test: (channel: ChannelView) => ReactNode;
  actions?: ((channel: ChannelView) => ReactNode) | undefined;
}) {
  if (channels.length === 0) return <EmptyState title="No notification channels yet">{emptyHint}</EmptyState>;
  return (
    <ItemTable
      label="Notification channels"
      columns={CHANNEL_COLUMNS}
      items={channels}
      actions={actions}
      cells={(channel) => (
        <>
          <Td label="Kind">{CHANNEL_KIND_LABELS[channel.kind]}</Td>
          <Td label="Belongs to">
            {SCOPE_LABELS[channel.scope]}{" "}
            {channel.scope === "DEPLOYMENT" ? null : (
              <StatusBadge tone={channel.shared ? "good" : "neutral"}>
                {channel.shared ? "shared" : "not shared"}
              </StatusBadge>
            )}
          </Td>
          <Td label="Settings">{channelSettings(channel)}</Td>
          <Td label="Test">{test(channel)}</Td>
        </>
      )}
    />
  );
}
