// Alert rules and a deployment's incident history. Rows come from the alert.list and
// alert.incidents procedures; who may manage rules gets each row's actions (`actions`).
import type { IncidentView, RuleView } from "@skyport/domain";
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
import { RULE_TYPE_LABELS } from "./labels.ts";

/** Muted until this far ahead: the console's "disabled" (the rule records incidents, notifies no one). */
export const DISABLED_UNTIL = "9999-12-31T23:59:59.000Z";

export function isDisabled(rule: Pick<RuleView, "mutedUntil">): boolean {
  return rule.mutedUntil !== null && rule.mutedUntil.getUTCFullYear() >= 9999;
}

function notifying(rule: RuleView, now: Date): string {
  if (isDisabled(rule)) return "Disabled";
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
    <Table label="Alert rules">
      <THead>
        <Tr>
          <Th>Name</Th>
          <Th>Type</Th>
          <Th>Severity</Th>
          <Th>Scope</Th>
          <Th>Notifications</Th>
          {actions ? <ActionsTh /> : null}
        </Tr>
      </THead>
      <TBody>
        {rules.map((rule) => (
          <Tr key={rule.id}>
            <Td label="Name">
              <Truncate text={rule.name} />
            </Td>
            <Td label="Type">{RULE_TYPE_LABELS[rule.type] ?? rule.type}</Td>
            <Td label="Severity">
              <StatusBadge tone={SEVERITY_TONE[rule.severity]}>{rule.severity}</StatusBadge>
            </Td>
            <Td label="Scope">
              {rule.deploymentId ? "This deployment" : "Every deployment of the workspace"}
            </Td>
            <Td label="Notifications">{notifying(rule, now)}</Td>
            {actions ? <Td className="whitespace-nowrap">{actions(rule)}</Td> : null}
          </Tr>
        ))}
      </TBody>
    </Table>
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
      <THead>
        <Tr>
          <Th>Opened</Th>
          <Th>Rule</Th>
          <Th>What happened</Th>
          <Th>Status</Th>
          <Th>Resolved</Th>
        </Tr>
      </THead>
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
