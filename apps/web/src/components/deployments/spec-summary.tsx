import { EXECUTOR_LABELS, formatCompute, sizeOf } from "./format.ts";
import type { DeploymentSpec, RuntimeCatalog } from "./types.ts";

const th =
  "px-5 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
const dt = "text-slate-600 dark:text-slate-400";
const dd = "text-slate-900 dark:text-white";

/** A deployment's spec, read-only: what the provisioner builds. */
export function SpecSummary({ spec, catalog }: { spec: DeploymentSpec; catalog: RuntimeCatalog }) {
  const scheduler = sizeOf(catalog, spec.schedulerSize);
  return (
    <div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 px-5 py-4 text-sm">
        <dt className={dt}>Executor</dt>
        <dd className={dd}>{EXECUTOR_LABELS[spec.executor] ?? spec.executor}</dd>
        <dt className={dt}>Scheduler</dt>
        <dd className={dd}>
          Size {spec.schedulerSize}
          {scheduler ? ` · ${formatCompute(scheduler.scheduler)}` : ""}
          {spec.highAvailability ? " · 2 replicas" : ""}
        </dd>
        <dt className={dt}>High availability</dt>
        <dd className={dd}>
          {spec.highAvailability ? "On: two schedulers, UI and triggerer replicas" : "Off"}
        </dd>
        <dt className={dt}>Contacts</dt>
        <dd className={`${dd} break-all`}>
          {spec.contactEmails.length > 0 ? spec.contactEmails.join(", ") : "—"}
        </dd>
      </dl>

      {spec.executor === "CELERY" ? (
        <div className="overflow-x-auto border-t border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-800">
            <caption className="px-5 pt-3 text-left text-sm font-semibold text-slate-900 dark:text-white">
              Worker queues
            </caption>
            <thead>
              <tr>
                <th scope="col" className={th}>
                  Queue
                </th>
                <th scope="col" className={th}>
                  Worker size
                </th>
                <th scope="col" className={th}>
                  Workers
                </th>
                <th scope="col" className={th}>
                  Concurrency
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {spec.workerQueues.map((queue) => {
                const size = sizeOf(catalog, queue.workerSize);
                return (
                  <tr key={queue.name}>
                    <th
                      scope="row"
                      className="px-5 py-2 text-left font-mono font-medium text-slate-900 dark:text-white"
                    >
                      {queue.name}
                    </th>
                    <td className="px-5 py-2 text-slate-700 dark:text-slate-300">
                      {queue.workerSize}
                      {size ? ` · ${formatCompute(size.worker)}` : ""}
                    </td>
                    <td className="px-5 py-2 text-slate-700 dark:text-slate-300">
                      {queue.minWorkers}–{queue.maxWorkers}
                    </td>
                    <td className="px-5 py-2 text-slate-700 dark:text-slate-300">
                      {queue.workerConcurrency} tasks each
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      <div className="border-t border-slate-200 px-5 py-3 dark:border-slate-800">
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">Airflow configuration</h3>
        {spec.airflowConfigOverrides.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            No overrides: Airflow's defaults apply.
          </p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {spec.airflowConfigOverrides.map((override) => (
              <li
                key={`${override.section}.${override.key}`}
                className="font-mono text-slate-800 dark:text-slate-200"
              >
                [{override.section}] {override.key} = {override.value}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
