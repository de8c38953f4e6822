// Checks a RenderInput and derives what every renderer module needs from it, once. The spec is
// already validated (parseDeploymentSpec); the rest comes from the platform, and a mistake
// there (a hostname where an address is needed, a malformed id) must fail loudly before any
// object is produced rather than yield manifests a cluster would reject or misapply.
import { isIP } from "node:net";
import { DNS_LABEL, type RuntimeVersion, runtimeFor } from "@skyport/deployment-spec";
import type { EnvironmentEntry } from "../environment/delivery.ts";
import {
  CustomerTransportError,
  customerOpenLineageTransport,
  type RuntimeTelemetry,
  runtimeTelemetry,
} from "../environment/telemetry.ts";
import { STATSD_PORT, STATSD_SERVICE } from "./airflow-config.ts";
import { checkEnvironment, environmentChecksum } from "./environment.ts";
import { namespaceName, type Owner } from "./labels.ts";
import { REDACTED, type RenderInput, type RuntimeSecrets } from "./types.ts";

export interface RenderIssue {
  readonly field: string;
  readonly message: string;
}

export class RenderInputError extends Error {
  constructor(readonly issues: readonly RenderIssue[]) {
    super(`cannot render deployment: ${issues.map((issue) => `${issue.field} ${issue.message}`).join("; ")}`);
    this.name = "RenderInputError";
  }
}

const SHORT_ID = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** URL-safe base64 of 32 bytes, as cryptography.fernet.Fernet.generate_key() makes. */
const FERNET_KEY = /^[A-Za-z0-9_-]{43}=$/;

export function isCidr(value: string): boolean {
  const [address = "", prefix, ...rest] = value.split("/");
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  if (family === 0) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Airflow's connection URLs for the one metadata database, in the forms each consumer wants. */
export interface MetadataConnection {
  /** libpq URI: AIRFLOW_CONN_AIRFLOW_DB and KEDA's postgresql scaler. */
  readonly uri: string;
  /** SQLAlchemy URL with the psycopg2 driver: [database] sql_alchemy_conn. */
  readonly sqlAlchemy: string;
  /** Celery result backend through SQLAlchemy: [celery] result_backend. */
  readonly resultBackend: string;
}

export interface RenderContext {
  readonly input: RenderInput;
  readonly owner: Owner;
  readonly namespace: string;
  readonly host: string;
  readonly runtime: RuntimeVersion;
  readonly celery: boolean;
  readonly databaseCidr: string;
  readonly ingressControllerNamespace: string;
  /** Values for the Secrets; every value is `<redacted>` in redacted mode. */
  readonly secretValues: {
    readonly fernetKey: string;
    readonly webserverSecretKey: string;
    readonly jwtSecret: string;
    readonly brokerPassword: string;
    readonly brokerUrl: string;
    readonly metadata: MetadataConnection;
  };
  /** The customer's environment and the restart checksum of its identity (names, rows, versions). */
  readonly environment: { readonly entries: readonly EnvironmentEntry[]; readonly checksum: string };
  /** StatsD and OpenLineage wiring (the computation every provisioning target shares). */
  readonly telemetry: RuntimeTelemetry;
}

export const BROKER_SERVICE = "redis";
export const BROKER_PORT = 6379;

function metadataConnection(url: string): MetadataConnection {
  const withoutScheme = url.replace(/^postgres(ql)?:\/\//, "");
  return {
    uri: `postgresql://${withoutScheme}`,
    sqlAlchemy: `postgresql+psycopg2://${withoutScheme}`,
    resultBackend: `db+postgresql://${withoutScheme}`,
  };
}

function checkSecrets(secrets: RuntimeSecrets, issues: RenderIssue[]): void {
  if (!FERNET_KEY.test(secrets.fernetKey)) {
    issues.push({ field: "secrets.fernetKey", message: "must be a Fernet key (32 bytes, URL-safe base64)" });
  }
  for (const field of ["webserverSecretKey", "jwtSecret", "brokerPassword"] as const) {
    if (secrets[field].length < 16)
      issues.push({ field: `secrets.${field}`, message: "must be at least 16 characters" });
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(secrets.metadataDbUrl);
  } catch {
    parsed = undefined;
  }
  if (
    !parsed ||
    !/^postgres(ql)?:$/.test(parsed.protocol) ||
    parsed.hostname === "" ||
    parsed.pathname.length < 2 ||
    parsed.username === ""
  ) {
    // Never echo the URL: it holds a password.
    issues.push({
      field: "secrets.metadataDbUrl",
      message: "must be postgresql://role:password@host:port/database",
    });
  }
}

export function buildContext(input: RenderInput): RenderContext {
  const issues: RenderIssue[] = [];
  const check = (ok: boolean, field: string, message: string) => {
    if (!ok) issues.push({ field, message });
  };
  for (const field of ["deploymentId", "organizationId", "workspaceId"] as const) {
    check(LABEL_VALUE.test(input[field]), field, "must be a valid Kubernetes label value (≤ 63 characters)");
  }
  // Only ever used after the `skyport-` prefix (namespace, host), so it may start with a digit.
  check(
    SHORT_ID.test(input.shortId) && input.shortId.length <= 40,
    "shortId",
    "must be lowercase letters, digits and '-' (at most 40 characters)",
  );
  check(
    Number.isInteger(input.generation) && input.generation >= 0,
    "generation",
    "must be a whole number ≥ 0",
  );
  check(DNS_SUBDOMAIN.test(input.baseDomain), "baseDomain", "must be a DNS name");
  check(DNS_LABEL.test(input.controlPlane.namespace), "controlPlane.namespace", "must be a namespace name");
  for (const [key, value] of Object.entries(input.controlPlane.podLabels ?? {})) {
    check(
      LABEL_KEY.test(key) && (value === "" || LABEL_VALUE.test(value)),
      "controlPlane.podLabels",
      `${key} is not a valid label`,
    );
  }
  if (input.controlPlane.cidr !== undefined) {
    check(isCidr(input.controlPlane.cidr), "controlPlane.cidr", "must be an address range like 10.0.0.0/16");
  }
  const database = input.runtimeDatabase;
  check(
    Number.isInteger(database.port) && database.port > 0 && database.port < 65536,
    "runtimeDatabase.port",
    "must be a TCP port",
  );
  let databaseCidr = database.cidr ?? "";
  if (database.cidr !== undefined) {
    check(isCidr(database.cidr), "runtimeDatabase.cidr", "must be an address range like 10.0.0.0/16");
  } else if (isIP(database.host) === 4) databaseCidr = `${database.host}/32`;
  else if (isIP(database.host) === 6) databaseCidr = `${database.host}/128`;
  else {
    issues.push({
      field: "runtimeDatabase.cidr",
      message: `is required because host ${database.host} is a name and NetworkPolicies match addresses`,
    });
  }
  const celery = input.spec.executor === "CELERY";
  if (!celery) {
    if (!input.clusterApi) {
      issues.push({
        field: "clusterApi",
        message: "is required for the KUBERNETES executor (it launches task pods)",
      });
    } else {
      check(isCidr(input.clusterApi.cidr), "clusterApi.cidr", "must be an address range like 10.0.0.1/32");
      check(
        Number.isInteger(input.clusterApi.port) && input.clusterApi.port > 0 && input.clusterApi.port < 65536,
        "clusterApi.port",
        "must be a TCP port",
      );
    }
  }
  const ingress = input.ingress ?? {};
  if (ingress.className !== undefined)
    check(DNS_SUBDOMAIN.test(ingress.className), "ingress.className", "must be a DNS name");
  if (ingress.controllerNamespace !== undefined) {
    check(
      DNS_LABEL.test(ingress.controllerNamespace),
      "ingress.controllerNamespace",
      "must be a namespace name",
    );
  }
  if (ingress.tlsSecretName !== undefined) {
    check(DNS_SUBDOMAIN.test(ingress.tlsSecretName), "ingress.tlsSecretName", "must be a Secret name");
  }
  if (input.secrets !== "redacted") checkSecrets(input.secrets, issues);
  const environment = input.environment ?? [];
  checkEnvironment(environment, input.secrets === "redacted", issues);
  const namespace = namespaceName(input.shortId);
  const host = `${namespace}.${input.baseDomain}`;
  check(host.length <= 253, "baseDomain", "makes the UI host name longer than 253 characters");
  const telemetry = telemetryFor(input, namespace, environment, issues);
  if (issues.length > 0) throw new RenderInputError(issues);

  const secrets = input.secrets;
  const secretValues =
    secrets === "redacted"
      ? {
          fernetKey: REDACTED,
          webserverSecretKey: REDACTED,
          jwtSecret: REDACTED,
          brokerPassword: REDACTED,
          brokerUrl: REDACTED,
          metadata: { uri: REDACTED, sqlAlchemy: REDACTED, resultBackend: REDACTED },
        }
      : {
          fernetKey: secrets.fernetKey,
          webserverSecretKey: secrets.webserverSecretKey,
          jwtSecret: secrets.jwtSecret,
          brokerPassword: secrets.brokerPassword,
          brokerUrl: `redis://:${encodeURIComponent(secrets.brokerPassword)}@${BROKER_SERVICE}:${BROKER_PORT}/0`,
          metadata: metadataConnection(secrets.metadataDbUrl),
        };
  return {
    input,
    owner: {
      deploymentId: input.deploymentId,
      organizationId: input.organizationId,
      workspaceId: input.workspaceId,
    },
    namespace,
    host,
    runtime: runtimeFor(input.spec.runtimeVersion),
    celery,
    databaseCidr,
    ingressControllerNamespace: ingress.controllerNamespace ?? "ingress-nginx",
    secretValues,
    environment: { entries: environment, checksum: environmentChecksum(environment) },
    telemetry,
  };
}

function telemetryFor(
  input: RenderInput,
  namespace: string,
  environment: readonly EnvironmentEntry[],
  issues: RenderIssue[],
): RuntimeTelemetry {
  const openLineage = input.openLineage;
  const redacted = input.secrets === "redacted";
  if (openLineage) {
    if (!isCidr(openLineage.cidr))
      issues.push({ field: "openLineage.cidr", message: "must be an address range like 10.0.0.0/16" });
    if (!Number.isInteger(openLineage.port) || openLineage.port <= 0 || openLineage.port >= 65536)
      issues.push({ field: "openLineage.port", message: "must be a TCP port" });
    if (!redacted && openLineage.token === null)
      issues.push({
        field: "openLineage.token",
        message: "is required (only redacted manifests may omit it)",
      });
  }
  const customerTransport = customerOpenLineageTransport(environment, input.spec.airflowConfigOverrides);
  try {
    return runtimeTelemetry(
      {
        airflowMajor: runtimeFor(input.spec.runtimeVersion).major,
        statsd: { host: STATSD_SERVICE, port: STATSD_PORT },
        ...(openLineage
          ? {
              openLineage: {
                publicUrl: openLineage.url,
                token: redacted ? null : openLineage.token,
                namespace,
                ...(customerTransport ? { customerTransport } : {}),
              },
            }
          : {}),
      },
      REDACTED,
    );
  } catch (error) {
    if (!(error instanceof CustomerTransportError)) throw error;
    issues.push({ field: error.field, message: error.message });
    return { settings: [], defaults: [], secretEnvironment: {} };
  }
}
