// The alerts file `alert export` prints and `alert apply -f` reads, so a workspace's alert rules
// can live in a repository like deployment files do. Rules are matched by name; deployments and
// notification channels are named, not given by id, so the file reads the same in every copy of
// the workspace. Channel secrets never appear: a channel is only referred to by its name. The
// server validates every rule; this file only checks its shape, naming the field in error.
// `enabled` is written only for a disabled rule (`enabled: false`); a rule without it is enabled,
// so applying a file puts every rule it names in the on/off state the file gives.
import { stringify } from "yaml";
import type { AlertRule, BodyOf } from "../../api/types.ts";
import type { ListFileEntry, ListFileShape, NamesById } from "../list-file.ts";

type Pattern = NonNullable<BodyOf<"createAlert">["patterns"]>[number];

export interface AlertFileRule {
  name: string;
  type: BodyOf<"createAlert">["type"];
  severity?: BodyOf<"createAlert">["severity"];
  /** The deployment's name; omitted: every deployment of the workspace. */
  deployment?: string;
  patterns?: Pattern[];
  properties?: Record<string, unknown>;
  /** Notification channel names. */
  channels?: string[];
  /** false: the rule is kept but not evaluated; omitted: enabled. */
  enabled?: boolean;
}

const SHAPE: ListFileShape = {
  key: "rules",
  entry: "an alert rule",
  entries: "alert rules",
  file: "an alerts file",
  exportedBy: "skyport alert export",
  fields: ["name", "type", "severity", "deployment", "patterns", "properties", "channels", "enabled"],
  nameField: "name",
  uniqueBecause: "rule names are unique in a workspace",
};

export function renderAlertFile(rules: readonly AlertFileRule[]): string {
  return stringify({ rules }, { lineWidth: 0 });
}

/** A rule as the file keeps it, with its deployment and channels by name. */
export function fileRuleOf(rule: AlertRule, names: NamesById): AlertFileRule {
  return {
    name: rule.name,
    type: rule.type,
    severity: rule.severity,
    ...(rule.deploymentId ? { deployment: names.deployment(rule.deploymentId) } : {}),
    patterns: rule.patterns,
    properties: rule.properties,
    channels: rule.channelIds.map(names.channel).sort(),
    ...(rule.enabled ? {} : { enabled: false }),
  };
}

function ruleOf(entry: ListFileEntry): AlertFileRule {
  const { raw, fail } = entry;
  if (raw.patterns !== undefined && !Array.isArray(raw.patterns)) throw fail("patterns: must be a list");
  const properties = entry.mapping("properties");
  const channels = entry.texts("channels", "notification channel names");
  const deployment = entry.text("deployment");
  const severity = entry.text("severity");
  return {
    name: entry.name,
    type: (entry.text("type", true) as string).toUpperCase() as AlertFileRule["type"],
    ...(severity ? { severity: severity.toUpperCase() as AlertFileRule["severity"] } : {}),
    ...(deployment ? { deployment } : {}),
    patterns: (raw.patterns as Pattern[] | undefined) ?? [],
    properties: properties ?? {},
    channels: channels.slice().sort(),
    enabled: entry.flag("enabled") ?? true,
  };
}

/** What `alert apply -f` reads. */
export const ALERTS_FILE = { shape: SHAPE, matchedBy: "name", entryOf: ruleOf };
