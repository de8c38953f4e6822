import type { StatusTone } from "@skyport/ui";
import { StatusBadge } from "@/components/status-badge.tsx";

const STATUS: Record<string, { label: string; tone: StatusTone }> = {
  PENDING: { label: "Pending", tone: "neutral" },
  ROLLING_OUT: { label: "Rolling out", tone: "warning" },
  ACTIVE: { label: "Active", tone: "good" },
  FAILED: { label: "Failed", tone: "bad" },
  SUPERSEDED: { label: "Superseded", tone: "neutral" },
};

/** A deploy's status pill; the reason is its tooltip. */
export function DeployStatusBadge({ status, reason }: { status: string; reason?: string }) {
  const { label, tone } = STATUS[status] ?? { label: status, tone: "neutral" as const };
  return (
    <span title={reason || undefined}>
      <StatusBadge tone={tone}>{label}</StatusBadge>
    </span>
  );
}

/** What a deploy put into the deployment, in a few words. */
export function deployWhat(deploy: {
  kind: string;
  bundleSha256: string | null;
  image: string | null;
}): string {
  return deploy.kind === "IMAGE"
    ? (deploy.image ?? "")
    : `bundle ${(deploy.bundleSha256 ?? "").slice(0, 12)}`;
}

/** A rolling-out bundle deploy's progress, in a sentence. */
export function progressText(
  progress: { expected: string[]; installed: string[]; waiting: string[] } | null,
) {
  if (!progress) return "";
  const on = progress.installed.length ? ` (${progress.installed.join(", ")})` : "";
  const waiting = progress.waiting.length ? `; waiting for ${progress.waiting.join(", ")}` : "";
  return `Installed on ${progress.installed.length} of ${progress.expected.length} components${on}${waiting}.`;
}
