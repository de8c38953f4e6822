// A runtime's secret material lives only in its namespace's Secrets. Every reconcile reads what is
// there and reuses it, generating only what is missing: re-rendering must not rotate anything — a
// new Fernet key would make every Airflow connection and variable already stored unreadable, a new
// session key would sign everyone out. Values that are not well-formed are regenerated.
import { SECRET_NAMES } from "../render/secrets.ts";
import type { RuntimeSecrets } from "../render/types.ts";
import type { MetadataDatabase } from "../runtime-db/metadata-database.ts";
import { generateRuntimeSecrets } from "../secrets.ts";
import type { KubernetesApplier } from "./applier.ts";

/** What the namespace already holds (each field only when present and well-formed). */
export interface ExistingRuntimeSecrets {
  readonly fernetKey?: string;
  readonly webserverSecretKey?: string;
  readonly jwtSecret?: string;
  readonly brokerPassword?: string;
  /** The metadata database password, when the Secret's URL is for this deployment's role. */
  readonly databasePassword?: string;
}

const FERNET_KEY = /^[A-Za-z0-9_-]{43}=$/;

function decoded(secret: { data?: Record<string, string> } | undefined, key: string): string | undefined {
  const value = secret?.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8");
}

function strong(value: string | undefined): string | undefined {
  return value !== undefined && value.length >= 16 ? value : undefined;
}

function passwordFor(url: string | undefined, database: MetadataDatabase): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    const role = decodeURIComponent(parsed.username);
    const name = decodeURIComponent(parsed.pathname.slice(1));
    if (role !== database.role || name !== database.database) return undefined;
    return strong(decodeURIComponent(parsed.password));
  } catch {
    return undefined;
  }
}

export async function readRuntimeSecrets(
  applier: KubernetesApplier,
  namespace: string,
  database: MetadataDatabase,
): Promise<ExistingRuntimeSecrets> {
  const read = (name: string) =>
    applier.read({ apiVersion: "v1", kind: "Secret", namespace, name }) as Promise<
      { data?: Record<string, string> } | undefined
    >;
  const [fernet, metadata, api, broker] = await Promise.all([
    read(SECRET_NAMES.fernetKey),
    read(SECRET_NAMES.metadataDb),
    read(SECRET_NAMES.apiSecretKey),
    read(SECRET_NAMES.broker),
  ]);
  const fernetKey = decoded(fernet, "fernet-key");
  const existing = {
    fernetKey: fernetKey && FERNET_KEY.test(fernetKey) ? fernetKey : undefined,
    webserverSecretKey: strong(decoded(api, "secret-key")),
    jwtSecret: strong(decoded(api, "jwt-secret")),
    brokerPassword: strong(decoded(broker, "password")),
    databasePassword: passwordFor(decoded(metadata, "connection"), database),
  };
  return Object.fromEntries(
    Object.entries(existing).filter(([, value]) => value !== undefined),
  ) as ExistingRuntimeSecrets;
}

/** The secrets to render: the existing ones, and fresh values for whatever is missing. */
export function completeRuntimeSecrets(
  existing: ExistingRuntimeSecrets,
  metadataDbUrl: string,
): RuntimeSecrets {
  const fresh = generateRuntimeSecrets();
  return {
    fernetKey: existing.fernetKey ?? fresh.fernetKey,
    webserverSecretKey: existing.webserverSecretKey ?? fresh.webserverSecretKey,
    jwtSecret: existing.jwtSecret ?? fresh.jwtSecret,
    brokerPassword: existing.brokerPassword ?? fresh.brokerPassword,
    metadataDbUrl,
  };
}
