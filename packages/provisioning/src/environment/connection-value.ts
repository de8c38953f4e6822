// The value of AIRFLOW_CONN_<ID>: Airflow's URI form when the connection survives Airflow's URI
// parsing unchanged, its JSON form (Airflow ≥ 2.3; every runtime Skyport offers) otherwise.
//
// Airflow parses the URI with Python's urlsplit: the scheme is the connection type ('-' read
// back as '_'), the host name is lower-cased, login, password and schema are percent-decoded,
// and the query string becomes the extra as a flat object of strings. So the URI form is used
// only for a lower-case type, a plain host name or IPv4 address, a login whenever there is a
// password, and an extra of string values; anything else (nested or non-string extras, an IPv6
// or upper-case host, no host) goes as JSON, which Airflow reads field by field.
import { canonicalJson } from "@skyport/deployment-spec/canonical-json";

export interface AirflowConnectionFields {
  readonly connType: string;
  readonly host: string | null;
  readonly port: number | null;
  readonly login: string | null;
  readonly password: string | null;
  readonly schema: string | null;
  readonly extra: Readonly<Record<string, unknown>> | null;
}

const URI_CONN_TYPE = /^[a-z][a-z0-9_]*$/;
const URI_HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
/** Airflow's marker for a JSON-encoded extra inside a URI query; a plain extra may not use it. */
const EXTRA_MARKER = "__extra__";

function present(value: string | null): value is string {
  return value !== null && value !== "";
}

function flatStringExtra(extra: Readonly<Record<string, unknown>> | null): boolean {
  if (extra === null) return true;
  return Object.entries(extra).every(([key, value]) => key !== EXTRA_MARKER && typeof value === "string");
}

/** Whether Airflow would read the URI form back as exactly these fields. */
export function fitsUriForm(connection: AirflowConnectionFields): boolean {
  return (
    URI_CONN_TYPE.test(connection.connType) &&
    present(connection.host) &&
    URI_HOST.test(connection.host) &&
    (!present(connection.password) || present(connection.login)) &&
    // "." and ".." are dot segments: URL parsers that normalise paths would drop them.
    connection.schema !== "." &&
    connection.schema !== ".." &&
    flatStringExtra(connection.extra)
  );
}

function uriForm(connection: AirflowConnectionFields): string {
  const scheme = connection.connType.replaceAll("_", "-");
  let userInfo = "";
  if (present(connection.login)) {
    userInfo = encodeURIComponent(connection.login);
    if (present(connection.password)) userInfo += `:${encodeURIComponent(connection.password)}`;
    userInfo += "@";
  }
  const port = connection.port === null ? "" : `:${connection.port}`;
  const path = present(connection.schema) ? `/${encodeURIComponent(connection.schema)}` : "";
  const entries = Object.entries(connection.extra ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // encodeURIComponent never leaves '+' (which Python decodes as a space) or '&' unescaped.
  const query = entries
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
  return `${scheme}://${userInfo}${connection.host}${port}${path}${query ? `?${query}` : ""}`;
}

function jsonForm(connection: AirflowConnectionFields): string {
  const fields: Record<string, unknown> = { conn_type: connection.connType };
  if (present(connection.host)) fields.host = connection.host;
  if (connection.port !== null) fields.port = connection.port;
  if (present(connection.login)) fields.login = connection.login;
  if (present(connection.password)) fields.password = connection.password;
  if (present(connection.schema)) fields.schema = connection.schema;
  if (connection.extra !== null && Object.keys(connection.extra).length > 0) fields.extra = connection.extra;
  return canonicalJson(fields);
}

/** What AIRFLOW_CONN_<ID> holds for this connection. Deterministic: same fields, same string. */
export function airflowConnectionValue(connection: AirflowConnectionFields): string {
  return fitsUriForm(connection) ? uriForm(connection) : jsonForm(connection);
}
