import { EmptyState } from "@skyport/ui";
import { getServices } from "@/server/services.ts";

/** Where runtimes send their OpenLineage events: this console's public URL. */
export function ingestEndpoint(): string {
  const { config } = getServices();
  return `${config.SKYPORT_PUBLIC_URL ?? `http://localhost:${config.PORT}`}/api/v1/lineage`;
}

/**
 * What a telemetry page shows before the runtime has reported: how run history arrives, and
 * what to set when Airflow runs somewhere Skyport did not provision.
 */
export function NoRunsYet({ title = "No runs reported yet" }: { title?: string }) {
  const endpoint = ingestEndpoint();
  const transport = JSON.stringify({
    type: "http",
    url: endpoint.replace(/\/api\/v1\/lineage$/, ""),
    endpoint: "api/v1/lineage",
    auth: { type: "api_key", apiKey: "<ingest token>" },
    compression: "gzip",
  });
  return (
    <EmptyState title={title}>
      <p>
        The deployment’s Airflow reports each DAG run and task try through its OpenLineage provider: Skyport
        puts the transport and the deployment’s ingest token into the runtime’s environment, so runs appear
        here seconds after the runtime runs a DAG.
      </p>
      <p className="mt-2">
        Airflow running elsewhere can report too: set{" "}
        <code className="font-mono text-xs break-all">AIRFLOW__OPENLINEAGE__TRANSPORT={transport}</code> with
        a token from “Rotate ingest token” on the deployment’s overview.
      </p>
    </EmptyState>
  );
}
