// A report's or a check's status as a badge: the words carry the meaning, colour reinforces it.
import { type CheckStatus, STATUS_LABELS } from "@skyport/domain";
import { StatusBadge, type StatusTone } from "@skyport/ui";

const TONES: Record<CheckStatus, StatusTone> = {
  PASSED: "good",
  WARNING: "warning",
  FAILED: "bad",
  STALE: "warning",
  UNKNOWN: "neutral",
};

export function ReportStatusBadge({ status }: { status: CheckStatus | null }) {
  return status ? (
    <StatusBadge tone={TONES[status]}>{STATUS_LABELS[status]}</StatusBadge>
  ) : (
    <StatusBadge tone="neutral">Not run yet</StatusBadge>
  );
}
