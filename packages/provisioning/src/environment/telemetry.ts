// What a runtime needs to report to Skyport, for every provisioning target alike (Kubernetes
// renders it into its ConfigMap and a Secret; a local runtime puts it into its processes'
// environment): StatsD metrics to a collector Skyport reads (a statsd-exporter, or Skyport's own
// receiver) with the tags its mapping expects, and OpenLineage run events to Skyport's ingest
// endpoint with the deployment's ingest token.
//
// A customer's own OpenLineage transport is kept, not replaced: when the deployment's
// environment (or a configuration override) sets AIRFLOW__OPENLINEAGE__TRANSPORT, the runtime
// gets a composite transport sending each event to Skyport and to the customer's transport.
import { type AirflowMajor, airflowStatsdSettings } from "@skyport/metrics";
import type { EnvironmentEntry } from "./delivery.ts";

export const OPENLINEAGE_TRANSPORT_ENV = "AIRFLOW__OPENLINEAGE__TRANSPORT";
export const OPENLINEAGE_NAMESPACE_ENV = "AIRFLOW__OPENLINEAGE__NAMESPACE";
/** Where the ingest endpoint is, relative to Skyport's public URL (the provider urljoins it). */
export const OPENLINEAGE_ENDPOINT = "api/v1/lineage";
/** The name of Skyport's own transport inside a composite one. */
export const SKYPORT_TRANSPORT_NAME = "skyport";
export const CUSTOMER_TRANSPORT_NAME = "customer";

const INGEST_TOKEN = /^skl_[A-Za-z0-9_-]{43}$/;

/** An Airflow `[section] key = value` setting. */
export interface TelemetrySetting {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

/**
 * The provider's http transport posting gzip-compressed events to Skyport with the ingest token
 * (`Authorization: Bearer skl_…`, its api_key auth). The URL keeps only Skyport's origin and
 * path with a trailing slash, and the endpoint is relative: the provider joins them with
 * urljoin, which drops a path without a trailing slash, so the tenant comes from the token alone.
 */
export function skyportOpenLineageTransport(options: { publicUrl: string; token: string }): {
  type: "http";
  url: string;
  endpoint: string;
  auth: { type: "api_key"; apiKey: string };
  compression: "gzip";
} {
  if (!INGEST_TOKEN.test(options.token)) throw new TypeError("not an ingest token");
  const url = new URL(options.publicUrl);
  return {
    type: "http",
    url: `${url.protocol}//${url.host}${url.pathname.replace(/\/*$/, "/")}`,
    endpoint: OPENLINEAGE_ENDPOINT,
    auth: { type: "api_key", apiKey: options.token },
    compression: "gzip",
  };
}

export class CustomerTransportError extends Error {
  constructor(readonly field: string) {
    super(
      'must be a JSON object naming its transport `type` (e.g. {"type":"http","url":…}); Skyport sends its own events next to it with a composite transport',
    );
    this.name = "CustomerTransportError";
  }
}

/**
 * The customer's own AIRFLOW__OPENLINEAGE__TRANSPORT, if they set one: an environment variable
 * wins over a configuration override (as in the runtime, where the environment Secret is read
 * after the configuration). `value` is null when values are not opened (redacted manifests).
 */
export function customerOpenLineageTransport(
  environment: readonly EnvironmentEntry[],
  overrides: readonly { section: string; key: string; value: string }[],
): { field: string; value: string | null } | undefined {
  const variable = environment.find(
    (entry) => entry.kind === "environmentVariable" && entry.key === OPENLINEAGE_TRANSPORT_ENV,
  );
  if (variable) return { field: `environment.${OPENLINEAGE_TRANSPORT_ENV}`, value: variable.value };
  const override = overrides.find(
    (entry) => entry.section.toLowerCase() === "openlineage" && entry.key.toLowerCase() === "transport",
  );
  return override
    ? { field: "spec.airflowConfigOverrides.openlineage.transport", value: override.value }
    : undefined;
}

/**
 * The value of AIRFLOW__OPENLINEAGE__TRANSPORT: Skyport's transport alone, or a composite of it
 * and the customer's (each event goes to both; one failing does not stop the other). Throws
 * CustomerTransportError when the customer's value is not a transport object.
 */
export function openLineageTransportValue(
  skyport: ReturnType<typeof skyportOpenLineageTransport>,
  customer?: { field: string; value: string },
): string {
  if (!customer) return JSON.stringify(skyport);
  let parsed: unknown;
  try {
    parsed = JSON.parse(customer.value);
  } catch {
    throw new CustomerTransportError(customer.field);
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Array.isArray(parsed) ||
    typeof (parsed as { type?: unknown }).type !== "string"
  ) {
    throw new CustomerTransportError(customer.field);
  }
  return JSON.stringify({
    type: "composite",
    continue_on_failure: true,
    continue_on_success: true,
    transports: { [SKYPORT_TRANSPORT_NAME]: skyport, [CUSTOMER_TRANSPORT_NAME]: parsed },
  });
}

export interface RuntimeTelemetryInput {
  readonly airflowMajor: AirflowMajor;
  /** Where Airflow sends StatsD: the namespace's statsd-exporter, or Skyport's receiver. */
  readonly statsd: { readonly host: string; readonly port: number };
  /** Absent: the runtime does not report OpenLineage events to Skyport. */
  readonly openLineage?: {
    /** Skyport's public URL. */
    readonly publicUrl: string;
    /** The deployment's ingest token; null renders `redacted` instead of a transport. */
    readonly token: string | null;
    /** The OpenLineage job namespace of the deployment's events (one per deployment). */
    readonly namespace: string;
    /** The customer's own transport (customerOpenLineageTransport), kept next to Skyport's. */
    readonly customerTransport?: { readonly field: string; readonly value: string | null };
  };
}

export interface RuntimeTelemetry {
  /** Settings Skyport manages (customers may not override them: REFUSED_SETTINGS). */
  readonly settings: readonly TelemetrySetting[];
  /** Starting points a customer may override (the OpenLineage namespace). */
  readonly defaults: readonly TelemetrySetting[];
  /**
   * Secret environment: AIRFLOW__OPENLINEAGE__TRANSPORT holds the ingest token, so it is
   * delivered only through a Secret (never a manifest, log or ConfigMap). Values are
   * `redacted` when the token is null.
   */
  readonly secretEnvironment: Readonly<Record<string, string>>;
}

/** The one computation of a runtime's telemetry wiring, for every provisioning target. */
export function runtimeTelemetry(input: RuntimeTelemetryInput, redacted = "<redacted>"): RuntimeTelemetry {
  const settings: TelemetrySetting[] = [
    { section: "metrics", key: "statsd_on", value: "True" },
    { section: "metrics", key: "statsd_host", value: input.statsd.host },
    { section: "metrics", key: "statsd_port", value: String(input.statsd.port) },
    { section: "metrics", key: "statsd_prefix", value: "airflow" },
    ...Object.entries(airflowStatsdSettings(input.airflowMajor)).map(([key, value]) => ({
      section: "metrics",
      key,
      value,
    })),
  ];
  const openLineage = input.openLineage;
  if (!openLineage) return { settings, defaults: [], secretEnvironment: {} };
  const customer = openLineage.customerTransport;
  let transport = redacted;
  if (openLineage.token !== null && customer?.value !== null) {
    transport = openLineageTransportValue(
      skyportOpenLineageTransport({ publicUrl: openLineage.publicUrl, token: openLineage.token }),
      customer?.value === undefined ? undefined : { field: customer.field, value: customer.value },
    );
  }
  return {
    settings,
    defaults: [{ section: "openlineage", key: "namespace", value: openLineage.namespace }],
    secretEnvironment: { [OPENLINEAGE_TRANSPORT_ENV]: transport },
  };
}
