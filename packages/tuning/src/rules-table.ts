// The rules as the Markdown table docs/tuning.md carries (a test keeps the two in step).
import { RULES } from "./rules.ts";

function windowText(seconds: number): string {
  return seconds >= 86_400 ? `${seconds / 86_400} d` : `${seconds / 60} min`;
}

export function rulesMarkdownTable(): string {
  const rows = RULES.map(
    (rule) =>
      `| \`${rule.id}\` | ${rule.signal} | ${rule.threshold} | ${windowText(rule.windowSeconds)} | ${rule.metric} | [${rule.source.title}](${rule.source.url}) |`,
  );
  return [
    "| Rule | Signal (stored series) | Threshold | Minimum window | Effect metric | Source |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
