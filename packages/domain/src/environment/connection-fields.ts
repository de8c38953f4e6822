// An Airflow connection's fields as customers give them: one by one, or as a URI
// (`postgres://user:pass@host:5432/db?sslmode=require`, parsed with the WHATWG URL API the way
// Airflow reads such URIs). Every problem is reported at once, naming the field (all of a URI's
// problems name `uri`), and no message quotes a value.
import { formatBytes, MAX_VALUE_BYTES, utf8Bytes } from "@skyport/provisioning";
import { type ZodType, z } from "zod";
import type { FieldIssue } from "../shared/errors.ts";
import { parseField, valueSchema } from "./fields.ts";

export const MAX_CONNECTION_TEXT = 1000;
const CONN_TYPE = /^[a-z][a-z0-9_]{0,99}$/;
const CONN_TYPE_REQUIRED = "is required (Airflow's connection type, e.g. postgres or google_cloud_platform)";
/** Airflow's marker for a JSON-encoded extra in a URI query. */
const EXTRA_MARKER = "__extra__";
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

export type ConnectionExtra = Record<string, unknown>;

/** The delivered fields of a connection (the password and extra in the clear). */
export interface ConnectionFields {
  connType: string;
  host: string | null;
  port: number | null;
  login: string | null;
  password: string | null;
  schema: string | null;
  extra: ConnectionExtra | null;
}

export const CONNECTION_FIELD_NAMES = [
  "connType",
  "host",
  "port",
  "login",
  "password",
  "schema",
  "extra",
] as const;

/** Where issues go: the field itself, or `uri` (prefixed with the part) when parsing a URI. */
export type Report = (field: string, message: string) => void;

export function reporter(issues: FieldIssue[], fromUri: boolean): Report {
  return (field, message) =>
    issues.push(fromUri ? { field: "uri", message: `${field}: ${message}` } : { field, message });
}

/** Parses a field with its schema, handing each problem to `report` (the field or the URI). */
function reported<T extends ZodType>(schema: T, raw: unknown, field: string, report: Report) {
  const issues: FieldIssue[] = [];
  const parsed = parseField(schema, raw, field, issues);
  for (const issue of issues) report(field, issue.message);
  return parsed;
}

export const connTypeSchema = z
  .string({ error: CONN_TYPE_REQUIRED })
  .transform((text) => text.trim())
  .superRefine((connType, ctx) => {
    if (connType === "") ctx.addIssue({ code: "custom", message: CONN_TYPE_REQUIRED });
    else if (!CONN_TYPE.test(connType))
      ctx.addIssue({
        code: "custom",
        message:
          "must be lowercase letters, digits and '_', starting with a letter (e.g. postgres, google_cloud_platform), at most 100 characters",
      });
  });

export function parseConnType(raw: unknown, report: Report): string | undefined {
  return reported(connTypeSchema, raw, "connType", report);
}

/** Optional text: absent, null or "" mean none; at most 1000 characters, no control characters. */
function optionalTextSchema(trim: boolean) {
  return z
    .string({ error: "must be text" })
    .nullish()
    .transform((text) => (text == null ? "" : trim ? text.trim() : text))
    .superRefine((text, ctx) => {
      if (text.length > MAX_CONNECTION_TEXT)
        ctx.addIssue({ code: "custom", message: `must be at most ${MAX_CONNECTION_TEXT} characters` });
      else if (CONTROL.test(text))
        ctx.addIssue({ code: "custom", message: "must not contain control characters" });
    })
    .transform((text) => (text === "" ? null : text));
}

export const hostSchema = optionalTextSchema(true).refine((host) => !host || !/\s/.test(host), {
  message: "must not contain spaces",
});
export const loginSchema = optionalTextSchema(false);
export const schemaFieldSchema = optionalTextSchema(false);

const PORT_MESSAGE = "must be a whole number from 1 to 65535";
export const portSchema = z
  .number({ error: PORT_MESSAGE })
  .refine((port) => Number.isInteger(port) && port >= 1 && port <= 65535, { message: PORT_MESSAGE })
  .nullish()
  .transform((port) => port ?? null);

/** A password to store (a value, as environment values are); absent, null or "" mean none. */
export const passwordSchema = valueSchema.nullish().transform((password) => password || null);

export function parseHost(raw: unknown, report: Report): string | null | undefined {
  return reported(hostSchema, raw, "host", report);
}

export function parsePort(raw: unknown, report: Report): number | null | undefined {
  return reported(portSchema, raw, "port", report);
}

export function parseLogin(raw: unknown, report: Report): string | null | undefined {
  return reported(loginSchema, raw, "login", report);
}

export function parseSchema(raw: unknown, report: Report): string | null | undefined {
  return reported(schemaFieldSchema, raw, "schema", report);
}

export function parsePassword(raw: unknown, report: Report): string | null | undefined {
  return reported(passwordSchema, raw, "password", report);
}

/** A JSON object, at most 64 KiB serialised; null means none. */
export function parseExtra(raw: unknown, report: Report): ConnectionExtra | null | undefined {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    report("extra", 'must be a JSON object (e.g. {"sslmode": "require"})');
    return undefined;
  }
  let serialised: string;
  try {
    serialised = JSON.stringify(raw);
  } catch {
    report("extra", "must be a JSON object");
    return undefined;
  }
  // Round-tripping drops what JSON cannot carry (dates become strings, functions vanish).
  const extra = JSON.parse(serialised) as ConnectionExtra;
  const bytes = utf8Bytes(serialised);
  if (bytes > MAX_VALUE_BYTES) {
    report("extra", `is ${formatBytes(bytes)}; it may be at most ${formatBytes(MAX_VALUE_BYTES)}`);
    return undefined;
  }
  if (Object.hasOwn(extra, "__proto__")) {
    // Assigning it would replace an object's prototype instead of setting a field.
    report("extra.__proto__", "is not allowed as an extra field name");
    return undefined;
  }
  if (serialised.includes("\\u0000")) {
    report("extra", "must not contain NUL characters");
    return undefined;
  }
  return extra;
}

/** Names of top-level extra fields shown masked; each must be a field of the extra. */
export function parseSecretExtraFields(
  raw: unknown,
  extra: ConnectionExtra | null,
  issues: FieldIssue[],
): string[] | undefined {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((name) => typeof name !== "string")) {
    issues.push({ field: "secretExtraFields", message: "must be a list of field names of extra" });
    return undefined;
  }
  let ok = true;
  raw.forEach((name: string, index) => {
    if (!extra || !Object.hasOwn(extra, name)) {
      issues.push({ field: `secretExtraFields.${index}`, message: "is not a field of extra" });
      ok = false;
    }
  });
  return ok ? [...new Set(raw as string[])].sort() : undefined;
}

function decodePart(text: string, part: string, report: Report): string | null | undefined {
  if (text === "") return null;
  try {
    return decodeURIComponent(text);
  } catch {
    report(part, "has a malformed percent-encoding");
    return undefined;
  }
}

/** Airflow's normalisation of a URI scheme to a connection type. */
function connTypeOfScheme(scheme: string): string {
  const type = scheme.toLowerCase().replaceAll("-", "_");
  return type === "postgresql" ? "postgres" : type;
}

/**
 * Parses `type://login:password@host:port/schema?key=value` into connection fields. The query is
 * the extra (all strings), or, as Airflow writes it for nested extras, one `__extra__` parameter
 * holding the extra as JSON.
 */
export function parseConnectionUri(raw: unknown, issues: FieldIssue[]): ConnectionFields | undefined {
  const report = reporter(issues, true);
  if (typeof raw !== "string" || raw.trim() === "") {
    issues.push({ field: "uri", message: "is required" });
    return undefined;
  }
  const text = raw.trim();
  // A connection has no fragment: a '#' is an unencoded character (typically in a password),
  // and everything after it would be silently dropped.
  if (text.includes("#")) {
    issues.push({
      field: "uri",
      message: "contains '#', which ends a URI: percent-encode it as %23 (e.g. in a password)",
    });
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    issues.push({
      field: "uri",
      message: "is not a valid URI; expected type://login:password@host:port/schema?key=value",
    });
    return undefined;
  }
  const before = issues.length;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) {
    issues.push({
      field: "uri",
      message: "must start with the connection type and '://' (e.g. postgres://)",
    });
  }
  const connType = parseConnType(connTypeOfScheme(url.protocol.slice(0, -1)), report);
  // Host names are case-insensitive, and Airflow lower-cases the one it parses from a URI.
  const hostname = (url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname).toLowerCase();
  const host = parseHost(decodePart(hostname, "host", report), report);
  const port = url.port === "" ? null : parsePort(Number(url.port), report);
  const login = parseLogin(decodePart(url.username, "login", report), report);
  const password = parsePassword(decodePart(url.password, "password", report) ?? "", report);
  const schema = parseSchema(decodePart(url.pathname.replace(/^\//, ""), "schema", report), report);
  let extra: ConnectionExtra | null | undefined = null;
  const marker = url.searchParams.get(EXTRA_MARKER);
  if (marker !== null) {
    try {
      extra = parseExtra(JSON.parse(marker), report);
    } catch {
      report("extra", `${EXTRA_MARKER} must hold a JSON object`);
      extra = undefined;
    }
  } else if ([...url.searchParams.keys()].length > 0) {
    extra = parseExtra(Object.fromEntries(url.searchParams.entries()), report);
  }
  if (issues.length > before) return undefined;
  if (
    connType === undefined ||
    host === undefined ||
    port === undefined ||
    login === undefined ||
    password === undefined ||
    schema === undefined ||
    extra === undefined
  ) {
    return undefined;
  }
  return { connType, host, port, login, password, schema, extra };
}
