import type { TaskTryView } from "@skyport/domain";

export interface TimelineBar {
  key: string;
  /** "task #try" */
  label: string;
  state: string;
  /** From the run's first task start to this try's start. */
  offsetMs: number;
  durationMs: number;
}

/**
 * The timeline's bars: task tries that have a start, each offset from the earliest start. A
 * try still running (no end) reaches `now`; tries without a start (named only by the DAG's
 * final state) have no place on a clock and are left out.
 */
export function timelineBars(tasks: readonly TaskTryView[], now: Date): TimelineBar[] {
  const started = tasks.filter((task) => task.startedAt !== null);
  if (started.length === 0) return [];
  const origin = Math.min(...started.map((task) => (task.startedAt as Date).getTime()));
  return started.map((task) => {
    const start = (task.startedAt as Date).getTime();
    const end = task.endedAt?.getTime() ?? (task.state === "RUNNING" ? now.getTime() : start);
    return {
      key: task.id,
      label: `${task.taskId}${task.tryNumber !== null ? ` #${task.tryNumber}` : ""}`,
      state: task.state,
      offsetMs: start - origin,
      durationMs: task.durationMs ?? Math.max(0, end - start),
    };
  });
}
