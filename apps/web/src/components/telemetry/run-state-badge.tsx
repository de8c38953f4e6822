import { StatusBadge } from "@/components/status-badge.tsx";
import { runStateText } from "./run-format.ts";

/** A DAG run's or task try's state as a pill; the word carries the meaning. */
export function RunStateBadge({ state, title }: { state: string; title?: string }) {
  const { label, tone } = runStateText(state);
  return (
    <StatusBadge tone={tone} title={title}>
      {label}
    </StatusBadge>
  );
}
