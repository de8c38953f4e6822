// The deployment's Secrets. Values go in `stringData` so that render-only manifests written in
// redacted mode read `<redacted>` verbatim (never a base64 blob of anything).
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { RenderContext } from "./context.ts";
import { ownershipLabels } from "./labels.ts";

export const SECRET_NAMES = {
  fernetKey: "airflow-fernet-key",
  metadataDb: "airflow-metadata-db",
  apiSecretKey: "airflow-api-secret-key",
  broker: "airflow-broker",
  /** AIRFLOW__OPENLINEAGE__TRANSPORT, which holds the deployment's ingest token. */
  openLineage: "skyport-openlineage",
} as const;

/** The key of an OpenLineage Secret value: the variable's name, lower-cased, `-` for `_`. */
export function openLineageSecretKey(name: string): string {
  return name
    .replace(/^AIRFLOW__OPENLINEAGE__/, "")
    .toLowerCase()
    .replace(/_/g, "-");
}

type NamedSecret = ISecret & { metadata: { name: string } };

function secret(ctx: RenderContext, name: string, stringData: Record<string, string>): NamedSecret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: ctx.namespace, labels: ownershipLabels(ctx.owner) },
    type: "Opaque",
    stringData,
  };
}

export function renderSecrets(ctx: RenderContext): NamedSecret[] {
  const values = ctx.secretValues;
  const apiKeys: Record<string, string> = { "secret-key": values.webserverSecretKey };
  if (ctx.runtime.major === 3) apiKeys["jwt-secret"] = values.jwtSecret;
  const secrets = [
    secret(ctx, SECRET_NAMES.fernetKey, { "fernet-key": values.fernetKey }),
    secret(ctx, SECRET_NAMES.metadataDb, {
      connection: values.metadata.uri,
      "sql-alchemy-conn": values.metadata.sqlAlchemy,
      "result-backend": values.metadata.resultBackend,
    }),
    secret(ctx, SECRET_NAMES.apiSecretKey, apiKeys),
  ];
  if (ctx.celery) {
    secrets.push(
      secret(ctx, SECRET_NAMES.broker, { password: values.brokerPassword, url: values.brokerUrl }),
    );
  }
  const openLineage = Object.entries(ctx.telemetry.secretEnvironment);
  if (openLineage.length > 0) {
    secrets.push(
      secret(
        ctx,
        SECRET_NAMES.openLineage,
        Object.fromEntries(openLineage.map(([name, value]) => [openLineageSecretKey(name), value])),
      ),
    );
  }
  return secrets;
}
