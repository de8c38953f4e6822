import type { TaskTryView } from "@skyport/domain";
import { HeaderRow, Table, TBody, Td, Tr, Truncate } from "@skyport/ui";
import { formatUtc } from "@/components/time-format.ts";
import { formatDuration } from "./run-format.ts";
import { RunStateBadge } from "./run-state-badge.tsx";

/** A run's task tries in start order, with operator, queue and pool where the runtime said. */
export function TaskTriesTable({
  tasks,
  operators,
}: {
  tasks: readonly TaskTryView[];
  operators: ReadonlyMap<string, string>;
}) {
  return (
    <Table dense>
      <caption className="sr-only">Task tries in start order. Times are in UTC.</caption>
      <HeaderRow
        columns={[
          "Task",
          "Try",
          "State",
          "Started (UTC)",
          "Ended (UTC)",
          "Duration",
          "Operator",
          "Queue · pool",
        ]}
      />
      <TBody>
        {tasks.map((task) => (
          <Tr key={task.id}>
            <Td label="Task" className="max-w-[16rem] font-medium">
              <Truncate
                text={
                  task.mapIndex !== null && task.mapIndex >= 0
                    ? `${task.taskId}[${task.mapIndex}]`
                    : task.taskId
                }
              />
              {task.source === "dag-state" ? (
                <span className="block text-xs font-normal text-fg-muted">
                  from the DAG run’s final state
                </span>
              ) : null}
            </Td>
            <Td label="Try">{task.tryNumber ?? "—"}</Td>
            <Td label="State">
              <RunStateBadge state={task.state} />
            </Td>
            <Td label="Started (UTC)" className="whitespace-nowrap">
              {formatUtc(task.startedAt)}
            </Td>
            <Td label="Ended (UTC)" className="whitespace-nowrap">
              {formatUtc(task.endedAt)}
            </Td>
            <Td label="Duration" className="whitespace-nowrap">
              {formatDuration(task.durationMs)}
            </Td>
            <Td label="Operator">{operators.get(task.taskId) ?? "—"}</Td>
            <Td label="Queue · pool" className="whitespace-nowrap">
              {task.queue || task.pool ? `${task.queue ?? "—"} · ${task.pool ?? "—"}` : "—"}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
