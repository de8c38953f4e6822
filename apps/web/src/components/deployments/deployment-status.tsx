import { StatusBadge } from "@/components/status-badge.tsx";
import { statusText } from "./format.ts";
import type { DeploymentStatus } from "./types.ts";

/** A deployment's status pill; the reason (what the provisioner last said) is its tooltip. */
export function DeploymentStatusBadge({ status, reason }: { status: DeploymentStatus; reason?: string }) {
  const { label, tone } = statusText(status);
  return (
    <span title={reason || undefined}>
      <StatusBadge tone={tone}>{label}</StatusBadge>
    </span>
  );
}
