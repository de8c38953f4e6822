// Drafts of Airflow connections and what the create and update procedures are sent. The form
// takes the fields one by one or a pasted URI. The password is write-only: the edit form starts
// empty and an empty password keeps the stored one; removing it is an explicit choice. Secret
// extra fields are shown as null, and sending them back as null keeps their stored values.
import type { AirflowConnection } from "./types.ts";

export interface ConnectionDraft {
  connectionId: string;
  source: "fields" | "uri";
  uri: string;
  connType: string;
  host: string;
  port: string;
  login: string;
  password: string;
  /** Edit only: remove the stored password. */
  removePassword: boolean;
  schema: string;
  /** The extra as JSON text; empty for none. */
  extra: string;
  secretExtraFields: string[];
  description: string;
}

export const EMPTY_CONNECTION: ConnectionDraft = {
  connectionId: "",
  source: "fields",
  uri: "",
  connType: "",
  host: "",
  port: "",
  login: "",
  password: "",
  removePassword: false,
  schema: "",
  extra: "",
  secretExtraFields: [],
  description: "",
};

export function editDraftOf(connection: AirflowConnection): ConnectionDraft {
  return {
    ...EMPTY_CONNECTION,
    connectionId: connection.connectionId,
    connType: connection.connType,
    host: connection.host ?? "",
    port: connection.port === null ? "" : String(connection.port),
    login: connection.login ?? "",
    schema: connection.schema ?? "",
    extra: connection.extra === null ? "" : JSON.stringify(connection.extra, null, 2),
    secretExtraFields: [...connection.secretExtraFields],
    description: connection.description,
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseExtraText(text: string): Parsed<Record<string, unknown> | null> {
  if (text.trim() === "") return { ok: true, value: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Must be valid JSON, e.g. {"sslmode": "require"}' };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, message: 'Must be a JSON object, e.g. {"sslmode": "require"}' };
  return { ok: true, value: value as Record<string, unknown> };
}

function parsePortText(text: string): Parsed<number | null> {
  if (text.trim() === "") return { ok: true, value: null };
  const port = Number(text.trim());
  // The server checks the range and says so; only text that is no number at all stops here.
  if (!Number.isFinite(port)) return { ok: false, message: "Must be a whole number from 1 to 65535" };
  return { ok: true, value: port };
}

/** Top-level extra fields the draft has (from the JSON, or from a URI's query), to mark secret. */
export function extraFieldNames(draft: ConnectionDraft): string[] {
  if (draft.source === "fields") {
    const parsed = parseExtraText(draft.extra);
    return parsed.ok && parsed.value ? Object.keys(parsed.value) : [];
  }
  let url: URL;
  try {
    url = new URL(draft.uri.trim());
  } catch {
    return [];
  }
  // Airflow's form for nested extras: one __extra__ parameter holding the JSON.
  const packed = url.searchParams.get("__extra__");
  if (packed !== null) {
    const parsed = parseExtraText(packed);
    return parsed.ok && parsed.value ? Object.keys(parsed.value) : [];
  }
  return [...new Set(url.searchParams.keys())];
}

/** Problems the browser can name before asking the server: text that is no port, no JSON. */
export type LocalErrors = Partial<Record<"port" | "extra", string>>;

type Built<T> = { ok: true; input: T } | { ok: false; errors: LocalErrors };

function secretFields(draft: ConnectionDraft): string[] {
  const names = new Set(extraFieldNames(draft));
  return draft.secretExtraFields.filter((name) => names.has(name));
}

function fieldsOf(draft: ConnectionDraft): Built<{
  connType: string;
  host: string | null;
  port: number | null;
  login: string | null;
  schema: string | null;
  extra: Record<string, unknown> | null;
}> {
  const port = parsePortText(draft.port);
  const extra = parseExtraText(draft.extra);
  const errors: LocalErrors = {};
  if (!port.ok) errors.port = port.message;
  if (!extra.ok) errors.extra = extra.message;
  if (!port.ok || !extra.ok) return { ok: false, errors };
  return {
    ok: true,
    input: {
      connType: draft.connType,
      host: draft.host.trim() === "" ? null : draft.host,
      port: port.value,
      login: draft.login === "" ? null : draft.login,
      schema: draft.schema === "" ? null : draft.schema,
      extra: extra.value,
    },
  };
}

export interface ConnectionCreateInput {
  connectionId: string;
  description: string;
  secretExtraFields: string[];
  uri?: string;
  connType?: string;
  host?: string | null;
  port?: number | null;
  login?: string | null;
  password?: string;
  schema?: string | null;
  extra?: Record<string, unknown> | null;
}

export function createInputOf(draft: ConnectionDraft): Built<ConnectionCreateInput> {
  const password = draft.password !== "" ? { password: draft.password } : {};
  return inputOf({ connectionId: draft.connectionId }, draft, password);
}

/** What a create and an edit send alike: a URI, or the connection's parts, and the password given. */
function inputOf<Identity extends { connectionId: string } | { id: string }>(
  identity: Identity,
  draft: ConnectionDraft,
  password: { password?: string },
): Built<Identity & Omit<ConnectionCreateInput, "connectionId">> {
  const common = { ...identity, description: draft.description, secretExtraFields: secretFields(draft) };
  if (draft.source === "uri") return { ok: true, input: { ...common, uri: draft.uri } };
  const fields = fieldsOf(draft);
  if (!fields.ok) return fields;
  return { ok: true, input: { ...common, ...fields.input, ...password } };
}

export type ConnectionUpdateInput = Omit<ConnectionCreateInput, "connectionId"> & { id: string };

/**
 * An edit sends every shown field back (they were shown, so sending them keeps them), and the
 * password only when typed (or "" when removing it); a URI replaces every delivered field, and
 * one without a password keeps the stored password.
 */
export function updateInputOf(
  connection: { id: string },
  draft: ConnectionDraft,
): Built<ConnectionUpdateInput> {
  const password = draft.removePassword
    ? { password: "" }
    : draft.password !== ""
      ? { password: draft.password }
      : {};
  return inputOf({ id: connection.id }, draft, password);
}

/** "db.internal:5432" for the table; null when there is no host. */
export function hostAndPort(connection: Pick<AirflowConnection, "host" | "port">): string | null {
  if (!connection.host) return connection.port === null ? null : `:${connection.port}`;
  const host = connection.host.includes(":") ? `[${connection.host}]` : connection.host;
  return connection.port === null ? host : `${host}:${connection.port}`;
}
