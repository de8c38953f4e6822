import type { TaskTryView } from "@skyport/domain";

/** The error of each failed try, as the runtime reported it; the stack trace folded away. */
export function TaskErrors({ tasks }: { tasks: readonly TaskTryView[] }) {
  const failed = tasks.filter((task) => task.errorMessage || task.stackTrace);
  if (failed.length === 0) return null;
  return (
    <ul className="divide-y divide-line">
      {failed.map((task) => (
        <li key={task.id} className="space-y-2 px-5 py-4">
          <p className="text-sm font-medium text-fg">
            {task.taskId}
            {task.tryNumber !== null ? <span className="text-fg-muted"> · try {task.tryNumber}</span> : null}
          </p>
          <p className="text-sm wrap-anywhere text-danger-fg">{task.errorMessage ?? "No message."}</p>
          {task.stackTrace ? (
            <details className="text-sm">
              <summary className="cursor-pointer rounded font-medium text-link focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus">
                Stack trace
              </summary>
              <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-surface-muted p-3 font-mono text-xs text-fg ring-1 ring-line">
                {task.stackTrace}
              </pre>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
