// The alerts file `alert export` prints and `alert apply -f` reads, so a workspace's alert rules
// can live in a repository like deployment files do. Rules are matched by name; deployments and
// notification channels are named, not given by id, so the file reads the same in every copy of
// the workspace. Channel secrets never appear: a channel is only referred to by its name. The
// server validates every rule; this file only checks its shape, naming the field in error.
// `enabled` is written only for a disabled rule (`enabled: false`); a rule without it is enabled,
// so applying a file puts every rule it names in the on/off state the file gives.
import { stringify } from "yaml";
import type { AlertRule, BodyOf } from "../../api/types.ts";
import { parseYamlFile, readFileOrStdin } from "../deployment/deployment-file.ts";

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

const FIELDS = new Set([
  "name",
  "type",
  "severity",
  "deployment",
  "patterns",
  "properties",
  "channels",
  "enabled",
]);

export function renderAlertFile(rules: readonly AlertFileRule[]): string {
  return stringify({ rules }, { lineWidth: 0 });
}

/** A rule as the file keeps it, with its deployment and channels by name. */
export function fileRuleOf(
  rule: AlertRule,
  names: { deployment: (id: string) => string; channel: (id: string) => string },
): AlertFileRule {
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

export async function readAlertFile(
  file: string,
  readStdin: () => Promise<string>,
): Promise<AlertFileRule[]> {
  const { text, source } = await readFileOrStdin(file, readStdin, "-f");
  return parseAlertFile(text, source);
}

export function parseAlertFile(text: string, source: string): AlertFileRule[] {
  const { parsed, fail } = parseYamlFile(text, source);
  if (!isRecord(parsed) || !Array.isArray(parsed.rules))
    throw fail("must hold `rules:`, a list of alert rules (as `skyport alert export` prints)");
  const unknownTop = Object.keys(parsed).filter((key) => key !== "rules");
  if (unknownTop.length > 0)
    throw fail(`${unknownTop.join(", ")}: not a field of an alerts file (it has rules)`);
  const seen = new Set<string>();
  return parsed.rules.map((raw: unknown, index: number) => {
    const at = `rules[${index}]`;
    if (!isRecord(raw)) throw fail(`${at}: must be a mapping with name and type`);
    const unknown = Object.keys(raw).filter((key) => !FIELDS.has(key));
    if (unknown.length > 0)
      throw fail(`${at}.${unknown[0]}: not a field of an alert rule (${[...FIELDS].join(", ")})`);
    const text = (key: string, required: boolean): string | undefined => {
      const value = raw[key];
      if (value === undefined || value === null) {
        if (required) throw fail(`${at}.${key}: is required`);
        return undefined;
      }
      if (typeof value !== "string" || value.trim() === "") throw fail(`${at}.${key}: must be text`);
      return value.trim();
    };
    const name = text("name", true) as string;
    if (seen.has(name))
      throw fail(`${at}.name: "${name}" appears twice; rule names are unique in a workspace`);
    seen.add(name);
    if (raw.patterns !== undefined && !Array.isArray(raw.patterns))
      throw fail(`${at}.patterns: must be a list`);
    if (raw.properties !== undefined && !isRecord(raw.properties))
      throw fail(`${at}.properties: must be a mapping`);
    if (
      raw.channels !== undefined &&
      (!Array.isArray(raw.channels) || raw.channels.some((channel) => typeof channel !== "string"))
    )
      throw fail(`${at}.channels: must be a list of notification channel names`);
    if (raw.enabled !== undefined && typeof raw.enabled !== "boolean")
      throw fail(`${at}.enabled: must be true or false`);
    const deployment = text("deployment", false);
    const severity = text("severity", false);
    return {
      name,
      type: (text("type", true) as string).toUpperCase() as AlertFileRule["type"],
      ...(severity ? { severity: severity.toUpperCase() as AlertFileRule["severity"] } : {}),
      ...(deployment ? { deployment } : {}),
      patterns: (raw.patterns as Pattern[] | undefined) ?? [],
      properties: (raw.properties as Record<string, unknown> | undefined) ?? {},
      channels: ((raw.channels as string[] | undefined) ?? []).slice().sort(),
      enabled: raw.enabled ?? true,
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
