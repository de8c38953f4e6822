// The update rules of an Airflow connection (see airflow-connections.ts): which delivered fields
// an update leaves, changes or clears, which secret extra fields it keeps, and when a secret
// would be revealed.
import canonicalize from "canonicalize";
import type { FieldIssue } from "../shared/errors.ts";
import {
  CONNECTION_FIELD_NAMES,
  type ConnectionExtra,
  type ConnectionFields,
  parseConnectionUri,
  parseConnType,
  parseExtra,
  parseHost,
  parseLogin,
  parsePassword,
  parsePort,
  parseSchema,
  parseSecretExtraFields,
  type Report,
  reporter,
} from "./connection-fields.ts";

/** The delivered fields, given one by one (or all at once as `uri`). */
export interface ConnectionFieldsInput {
  uri?: unknown;
  connType?: unknown;
  host?: unknown;
  port?: unknown;
  login?: unknown;
  password?: unknown;
  schema?: unknown;
  extra?: unknown;
}

export interface NextFields {
  /** Undefined when a given field was invalid (the issue is reported). */
  fields: ConnectionFields | undefined;
  /** Extra fields given a new value (a secret field sent as null is not). */
  provided: Set<string>;
}

/** Parses individually given fields for a new connection (connType required). */
export function newFields(input: ConnectionFieldsInput, issues: FieldIssue[]): Partial<ConnectionFields> {
  const report = reporter(issues, false);
  return {
    connType: parseConnType(input.connType, report),
    host: parseHost(input.host, report),
    port: parsePort(input.port, report),
    login: parseLogin(input.login, report),
    password: parsePassword(input.password, report),
    schema: parseSchema(input.schema, report),
    extra: parseExtra(input.extra, report),
  };
}

/** The connection's delivered fields after an update (see the rules at the top). */
export function nextFields(
  input: ConnectionFieldsInput,
  stored: ConnectionFields,
  storedSecretFields: readonly string[],
  fromUri: boolean,
  issues: FieldIssue[],
): NextFields {
  if (fromUri) {
    const parsed = parseConnectionUri(input.uri, issues);
    return {
      fields: parsed ? { ...parsed, password: parsed.password ?? stored.password } : undefined,
      provided: new Set(Object.keys(parsed?.extra ?? {})),
    };
  }
  const report = reporter(issues, false);
  const provided = new Set<string>();
  let extra: ConnectionExtra | null | undefined = stored.extra;
  if (input.extra !== undefined) {
    extra = parseExtra(input.extra, report);
    for (const [field, value] of Object.entries(extra ?? {})) {
      const kept =
        stored.extra && value === null && storedSecretFields.includes(field) && field in stored.extra;
      if (kept && extra && stored.extra) extra[field] = stored.extra[field];
      else provided.add(field);
    }
  }
  const given = <T>(raw: unknown, current: T, parse: (raw: unknown, report: Report) => T | undefined) =>
    raw === undefined ? current : parse(raw, report);
  const fields = {
    connType: given(input.connType, stored.connType, parseConnType),
    host: given(input.host, stored.host, parseHost),
    port: given(input.port, stored.port, parsePort),
    login: given(input.login, stored.login, parseLogin),
    // Never shown, so never sent back: null keeps it like an omitted one.
    password:
      input.password === null ? stored.password : given(input.password, stored.password, parsePassword),
    schema: given(input.schema, stored.schema, parseSchema),
    extra,
  };
  const complete = Object.values(fields).every((value) => value !== undefined);
  return { fields: complete ? (fields as ConnectionFields) : undefined, provided };
}

/**
 * The secret extra fields after an update: as given, or the stored list (less fields the extra
 * no longer has). A field may stop being secret only when it gets a new value in the same update.
 */
export function nextSecretFields(
  raw: unknown,
  previous: readonly string[],
  extra: ConnectionExtra | null,
  provided: ReadonlySet<string>,
  issues: FieldIssue[],
): string[] | undefined {
  const has = (field: string) => extra !== null && Object.hasOwn(extra, field);
  const list = raw === undefined ? previous.filter(has) : parseSecretExtraFields(raw, extra, issues);
  if (!list) return undefined;
  const revealed = previous.filter((field) => has(field) && !list.includes(field) && !provided.has(field));
  if (revealed.length > 0) {
    issues.push({
      field: "secretExtraFields",
      message: `${revealed.join(", ")} must stay secret unless extra gives a new value: stored secret values are never revealed`,
    });
  }
  return list;
}

export function changedFieldNames(before: ConnectionFields, after: ConnectionFields): string[] {
  return CONNECTION_FIELD_NAMES.filter((name) => canonicalize(before[name]) !== canonicalize(after[name]));
}
