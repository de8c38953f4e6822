// The product's words for the alert contract's codes (values only; no zod in the page).
import type { AlertRuleTypeName, NotificationChannelKindName } from "@skyport/domain/alerts-contract";

export const RULE_TYPE_LABELS: Record<AlertRuleTypeName, string> = {
  DAG_FAILURE: "DAG failure",
  DAG_SUCCESS: "DAG success",
  TASK_FAILURE: "Task failure",
  DAG_DURATION: "DAG duration",
  DAG_TIMELINESS: "DAG timeliness (deadline)",
  TELEMETRY_SILENCE: "Telemetry silence",
  TASK_DURATION: "Task duration",
  DURATION_ANOMALY: "Duration anomaly (against the DAG's own history)",
  DEPLOYMENT_HEALTH: "Deployment health",
};

export const HEALTH_CONDITION_OPTIONS = [
  { value: "SCHEDULER_HEARTBEAT_MISSING", label: "Scheduler heartbeat missing" },
  { value: "DEPLOYMENT_UNHEALTHY", label: "Deployment UNHEALTHY" },
  { value: "WORKER_QUEUE_SATURATED", label: "A worker queue at max workers with tasks queued" },
  { value: "IMPORT_ERRORS", label: "DAG import errors" },
] as const;

export const SEVERITY_OPTIONS = [
  { value: "INFO", label: "Info" },
  { value: "WARNING", label: "Warning" },
  { value: "CRITICAL", label: "Critical" },
] as const;

export const CHANNEL_KIND_LABELS: Record<NotificationChannelKindName, string> = {
  SLACK: "Slack",
  EMAIL: "E-mail",
  PAGERDUTY: "PagerDuty",
  OPSGENIE: "Opsgenie",
  WEBHOOK: "Webhook (Standard Webhooks)",
};

export const SCOPE_LABELS = {
  ORGANIZATION: "Organization",
  WORKSPACE: "Workspace",
  DEPLOYMENT: "Deployment",
} as const;

/**
 * A message in the user's words: the domain names fields by their path
 * ("properties.durationSeconds must be at least 60"); next to the field its label says which.
 */
export function fieldMessage(message: string | undefined, label: string): string | undefined {
  if (!message) return undefined;
  return message.replace(/^[a-zA-Z]+(\.[a-zA-Z0-9]+)+ (?=\S)/, `${label} `);
}
