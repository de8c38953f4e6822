// A deployment's alert rules and incident history, read-only (rules are managed over the
// CLI and REST API for now). Rows come from the alert.list and alert.incidents procedures.
import type { IncidentView, RuleView } from "@skyport/domain";
import {
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
import { formatUtc } from "@/components/time-format.ts";

const SEVERITY_TONE: Record<RuleView["severity"], StatusTone> = {
  INFO: "neutral",
  WARNING: "warning",
  CRITICAL: "bad",
};

export function AlertRulesTable({ rules }: { rules: readonly RuleView[] }) {
  if (rules.length === 0) {
    return (
      <EmptyState title="No alert rules watch this deployment">
        Create one with <code>skyport alert create</code>.
      </EmptyState>
    );
  }
  return (
    <Table label="Alert rules">
      <THead>
        <Tr>
          <Th>Name</Th>
          <Th>Type</Th>
          <Th>Severity</Th>
          <Th>Scope</Th>
          <Th>Muted until</Th>
        </Tr>
      </THead>
      <TBody>
        {rules.map((rule) => (
          <Tr key={rule.id}>
            <Td label="Name">
              <Truncate text={rule.name} />
            </Td>
            <Td label="Type">{rule.type}</Td>
            <Td label="Severity">
              <StatusBadge tone={SEVERITY_TONE[rule.severity]}>{rule.severity}</StatusBadge>
            </Td>
            <Td label="Scope">
              {rule.deploymentId ? "This deployment" : "Every deployment of the workspace"}
            </Td>
            <Td label="Muted until">{rule.mutedUntil ? formatUtc(rule.mutedUntil) : "—"}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

export function IncidentsTable({ incidents }: { incidents: readonly IncidentView[] }) {
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
            <Td label="Opened">{formatUtc(incident.openedAt)}</Td>
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
