import type { StatusTone } from "@skyport/ui";

/** The badge tone of each run or try state; others (skipped, removed, unknown) are neutral. */
const STATE_TONE: Partial<Record<string, StatusTone>> = {
  RUNNING: "warning",
  SUCCESS: "good",
  FAILED: "bad",
  ABORTED: "bad",
  UPSTREAM_FAILED: "bad",
};

/** "UPSTREAM_FAILED" → "Upstream failed", with its badge tone. */
export function runStateText(state: string): { label: string; tone: StatusTone } {
  const words = state.toLowerCase().replaceAll("_", " ");
  return { label: words.charAt(0).toUpperCase() + words.slice(1), tone: STATE_TONE[state] ?? "neutral" };
}

/** 734 → "734 ms", 61_000 → "1 min 1 s", 3_725_000 → "1 h 2 min", 3 days → "3 d"; null → "—". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ""}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

/** How a run was started, from Airflow's run type ("scheduled", "manual", "backfill", …). */
export function triggerText(runType: string | null): string {
  if (!runType) return "—";
  const known: Record<string, string> = {
    scheduled: "Scheduled",
    manual: "Manual",
    backfill: "Backfill",
    dataset_triggered: "Dataset",
    asset_triggered: "Asset",
  };
  return known[runType.toLowerCase()] ?? runType;
}

/** Paths of a deployment's telemetry pages. */
export function telemetryPaths(organizationId: string, deploymentId: string) {
  const deployment = `/orgs/${organizationId}/deployments/${deploymentId}`;
  return {
    deployment,
    runs: `${deployment}/runs`,
    run: (dagRunId: string) => `${deployment}/runs/${encodeURIComponent(dagRunId)}`,
    dag: (dagId: string) => `${deployment}/dags/${encodeURIComponent(dagId)}`,
  };
}

/** A path segment as typed: decoded when it is valid percent-encoding, as is otherwise. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
