import { DescriptionList, HeaderRow, Table, TBody, Td, Th, Tr } from "@skyport/ui";
import { EXECUTOR_LABELS, formatCompute, sizeOf } from "./format.ts";
import type { DeploymentSpec, RuntimeCatalog } from "./types.ts";

/** A deployment's spec, read-only: what the provisioner builds. */
export function SpecSummary({ spec, catalog }: { spec: DeploymentSpec; catalog: RuntimeCatalog }) {
  const scheduler = sizeOf(catalog, spec.schedulerSize);
  return (
    <div>
      <DescriptionList
        className="px-5 py-4"
        items={[
          { term: "Executor", detail: EXECUTOR_LABELS[spec.executor] ?? spec.executor },
          {
            term: "Scheduler",
            detail: `Size ${spec.schedulerSize}${scheduler ? ` · ${formatCompute(scheduler.scheduler)}` : ""}${
              spec.highAvailability ? " · 2 replicas" : ""
            }`,
          },
          {
            term: "High availability",
            detail: spec.highAvailability ? "On: two schedulers, UI and triggerer replicas" : "Off",
          },
          {
            term: "Git source",
            detail: spec.gitSource
              ? `${spec.gitSource.url} @ ${spec.gitSource.ref}${spec.gitSource.subPath ? ` · folder ${spec.gitSource.subPath}` : ""}${
                  spec.gitSource.connectionId ? ` · credentials ${spec.gitSource.connectionId}` : ""
                }`
              : "—",
            className: "break-all",
          },
          {
            term: "Contacts",
            detail: spec.contactEmails.length > 0 ? spec.contactEmails.join(", ") : "—",
            className: "break-all",
          },
        ]}
      />

      {spec.executor === "CELERY" ? (
        <div className="border-t border-line">
          <Table>
            <caption className="px-5 pt-3 text-left text-sm font-semibold text-fg">Worker queues</caption>
            <HeaderRow columns={["Queue", "Worker size", "Workers", "Concurrency"]} />
            <TBody>
              {spec.workerQueues.map((queue) => {
                const size = sizeOf(catalog, queue.workerSize);
                return (
                  <Tr key={queue.name}>
                    <Th scope="row" className="font-mono break-all">
                      {queue.name}
                    </Th>
                    <Td label="Worker size">
                      {queue.workerSize}
                      {size ? ` · ${formatCompute(size.worker)}` : ""}
                    </Td>
                    <Td label="Workers">
                      {queue.minWorkers}–{queue.maxWorkers}
                    </Td>
                    <Td label="Concurrency">{queue.workerConcurrency} tasks each</Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </div>
      ) : null}

      <div className="border-t border-line px-5 py-3">
        <h3 className="text-sm font-semibold text-fg">Airflow configuration</h3>
        {spec.airflowConfigOverrides.length === 0 ? (
          <p className="mt-1 text-sm text-fg-muted">No overrides: Airflow's defaults apply.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {spec.airflowConfigOverrides.map((override) => (
              <li key={`${override.section}.${override.key}`} className="font-mono break-all text-fg">
                [{override.section}] {override.key} = {override.value}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
