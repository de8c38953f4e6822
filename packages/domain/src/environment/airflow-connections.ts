// Airflow connections of a deployment or a workspace, delivered as AIRFLOW_CONN_<ID> (see
// @skyport/provisioning airflowConnectionValue for the form). The password and the extra are
// sealed; the password is write-only, and so are the extra fields named in secretExtraFields.
// Airflow upper-cases the id when it reads the environment, so ids differing only in case clash.
//
// Updating: omitted fields are kept. host, port, login, schema: null clears. password: omitted
// or null keeps the stored one (it is never shown, so it cannot be sent back), "" removes it.
// extra: omitted keeps it, null removes it, an object replaces it, except that a secret field
// sent as null (how it is shown) keeps its stored value. A `uri` replaces every delivered field
// at once; a URI without a password keeps the stored password.
import { randomUUID } from "node:crypto";
import type { TransactionClient } from "@skyport/db";
import { airflowConnectionValue, connectionIdProblem, deliveredBytes } from "@skyport/provisioning";
import type { SecretBox } from "../secrets/types.ts";
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { lockNamesOf } from "../shared/names.ts";
import { keyset, type Page, type PageRequest, pageOfRows } from "../shared/pagination.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import {
  CONNECTION_FIELD_NAMES,
  type ConnectionExtra,
  type ConnectionFields,
  parseConnectionUri,
  parseSecretExtraFields,
} from "./connection-fields.ts";
import {
  type ConnectionLookup,
  type ConnectionRow,
  createConnection,
  deleteConnection,
  findConnection,
  findConnectionIgnoringCase,
  listConnectionsPage,
  updateConnectionIfUnchanged,
} from "./connection-rows.ts";
import {
  type ConnectionFieldsInput,
  changedFieldNames,
  newFields,
  nextFields,
  nextSecretFields,
} from "./connection-updates.ts";
import { type AirflowConnectionView, connectionView, openConnection } from "./connection-views.ts";
import { parseDescriptionField, parseKeyText, parseLookup, throwIssues, validated } from "./fields.ts";
import { assertEnvironmentFits } from "./limits.ts";
import {
  affectedDeployments,
  type Links,
  type LinksInput,
  linksOf,
  NO_LINKS,
  parseLinks,
  sameLinks,
} from "./links.ts";
import { reconcileAfterCommit } from "./reconcile.ts";
import { type EnvironmentOwner, ownerTarget, type ResolvedOwner, resolveOwner } from "./scope.ts";
import type { EnvironmentChange, EnvironmentReadServices, EnvironmentServices } from "./services.ts";

export type { AirflowConnectionView, ConnectionFieldsInput };

/** Names one of the owner's connections by `id` or by `connectionId` (exactly one; see parseLookup). */
export interface AirflowConnectionRef {
  owner: EnvironmentOwner;
  id?: string | undefined;
  connectionId?: string | undefined;
}

export interface AirflowConnectionCreateInput extends ConnectionFieldsInput, LinksInput {
  connectionId: unknown;
  description?: unknown;
  secretExtraFields?: unknown;
}

export interface AirflowConnectionUpdateInput extends ConnectionFieldsInput, LinksInput {
  description?: unknown;
  secretExtraFields?: unknown;
}

export interface AirflowConnectionChange extends EnvironmentChange {
  airflowConnection: AirflowConnectionView;
}

const LABEL = "Airflow connection";
const TABLE = "AirflowConnection" as const;

function lookupOf(ref: { id?: string; connectionId?: string }): ConnectionLookup {
  return parseLookup(ref, "connectionId");
}

async function findRow(
  db: TransactionClient | MutationContext["db"],
  owner: ResolvedOwner,
  ref: { id?: string; connectionId?: string },
) {
  const row = await findConnection(db, owner.organizationId, owner.scopeId, lookupOf(ref));
  if (!row) throw new NotFoundError(LABEL);
  return row;
}

function where(owner: ResolvedOwner): string {
  return owner.scope === "DEPLOYMENT" ? "on this deployment" : "in this workspace";
}

function duplicateId(owner: ResolvedOwner, existing: string, connectionId: string): ConflictError {
  return new ConflictError(
    existing === connectionId
      ? `an ${LABEL} “${connectionId}” already exists ${where(owner)}`
      : `an ${LABEL} “${existing}” already exists ${where(owner)}; Airflow reads “${connectionId}” under the same name`,
    "connectionId",
  );
}

async function assertIdFree(tx: TransactionClient, owner: ResolvedOwner, connectionId: string) {
  await lockNamesOf(tx, `environment:${TABLE}`, owner.scopeId);
  const clash = await findConnectionIgnoringCase(tx, owner.scopeId, connectionId);
  if (clash) throw duplicateId(owner, clash.connectionId, connectionId);
}

function givenFieldNames(input: ConnectionFieldsInput): string[] {
  return CONNECTION_FIELD_NAMES.filter((name) => input[name] !== undefined);
}

/** Refuses `uri` together with individual fields (which one would win is not obvious). */
function checkUriAlone(input: ConnectionFieldsInput, issues: FieldIssue[]): boolean {
  const fromUri = input.uri !== undefined && input.uri !== null;
  const given = givenFieldNames(input);
  if (fromUri && given.length > 0) {
    issues.push({ field: "uri", message: `give either uri or the fields (${given.join(", ")}), not both` });
  }
  return fromUri;
}

/** Sealed columns and size for the delivered fields, at `version`. */
async function sealFields(
  tx: TransactionClient,
  secrets: SecretBox,
  row: { id: string; organizationId: string; connectionId: string },
  version: number,
  fields: ConnectionFields,
) {
  const target = (field: "password" | "extra") => ({
    organizationId: row.organizationId,
    table: TABLE,
    rowId: row.id,
    field,
    valueVersion: version,
  });
  return {
    valueVersion: version,
    passwordCiphertext:
      fields.password === null ? null : await secrets.seal(tx, target("password"), fields.password),
    extraCiphertext:
      fields.extra === null ? null : await secrets.seal(tx, target("extra"), JSON.stringify(fields.extra)),
    deliveredBytes: deliveredBytes("airflowConnection", row.connectionId, airflowConnectionValue(fields)),
  };
}

/** One page of the owner's connections in connection id order (secrets masked). */
export async function listAirflowConnections(
  ctx: MutationContext,
  input: { owner: EnvironmentOwner } & PageRequest,
  services: EnvironmentReadServices,
): Promise<Page<AirflowConnectionView>> {
  const resolved = await resolveOwner(ctx.db, ctx.actor, input.owner, "read");
  const ks = keyset(input);
  const rows = await listConnectionsPage(ctx.db, resolved.organizationId, resolved.scopeId, ks);
  const page = pageOfRows(rows, ks, (row) => row.connectionId);
  const view = (row: ConnectionRow) => connectionView(ctx.db, services.secrets, row, resolved);
  return { items: await Promise.all(page.items.map(view)), nextCursor: page.nextCursor };
}

export async function getAirflowConnection(
  ctx: MutationContext,
  ref: AirflowConnectionRef,
  services: EnvironmentReadServices,
): Promise<AirflowConnectionView> {
  const resolved = await resolveOwner(ctx.db, ctx.actor, ref.owner, "read");
  return connectionView(ctx.db, services.secrets, await findRow(ctx.db, resolved, ref), resolved);
}

/** A checked create or update, written by `apply` (after every check of the request passed). */
interface ConnectionStep {
  apply(): Promise<{
    row: ConnectionRow;
    /** The extra in the clear when it was just given (undefined: open it to show it). */
    extra: ConnectionExtra | null | undefined;
    /** Link states whose deployments the change reaches (none when nothing delivered changed). */
    reaches: Links[];
    sizeField: string;
    audit: Record<string, unknown>;
  }>;
}

/**
 * Checks a new connection (appending every problem to `issues`, then throwing them all) and
 * returns how to write it. `linksFor` gives its links (parsed into the same `issues`).
 */
async function prepareCreate(
  tx: TransactionClient,
  owner: ResolvedOwner,
  input: AirflowConnectionCreateInput,
  linksFor: () => Promise<Links>,
  issues: FieldIssue[],
  services: EnvironmentServices,
): Promise<ConnectionStep> {
  const connectionId = parseKeyText(input.connectionId, "connectionId", issues);
  const idProblem = connectionId === undefined ? undefined : connectionIdProblem(connectionId);
  if (idProblem) issues.push({ field: "connectionId", message: idProblem });
  const fromUri = checkUriAlone(input, issues);
  const parsed = fromUri ? (parseConnectionUri(input.uri, issues) ?? {}) : newFields(input, issues);
  const links = await linksFor();
  const valid = validated(issues, {
    connectionId,
    connType: parsed.connType,
    host: parsed.host,
    port: parsed.port,
    login: parsed.login,
    password: parsed.password,
    schema: parsed.schema,
    extra: parsed.extra,
    secretExtraFields: parseSecretExtraFields(input.secretExtraFields, parsed.extra ?? null, issues),
    description: parseDescriptionField(input.description, issues),
  });
  const { connectionId: id_, secretExtraFields, description, ...fields } = valid;
  await assertIdFree(tx, owner, id_);
  return {
    async apply() {
      const id = randomUUID();
      const sealed = await sealFields(
        tx,
        services.secrets,
        { id, organizationId: owner.organizationId, connectionId: id_ },
        1,
        fields,
      );
      const row = await createConnection(tx, owner, {
        id,
        connectionId: id_,
        connType: fields.connType,
        description,
        host: fields.host,
        port: fields.port,
        login: fields.login,
        schema: fields.schema,
        secretExtraFields,
        ...sealed,
        ...links,
      }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? duplicateId(owner, id_, id_) : error;
      });
      return {
        row,
        extra: fields.extra,
        reaches: [links],
        sizeField: fromUri ? "uri" : "extra",
        audit: { connectionId: id_, connType: fields.connType, secretExtraFields, ...links },
      };
    },
  };
}

/** Checks a change to a stored connection (every problem at once) and returns how to write it. */
async function prepareUpdate(
  tx: TransactionClient,
  owner: ResolvedOwner,
  row: ConnectionRow,
  input: AirflowConnectionUpdateInput,
  issues: FieldIssue[],
  services: EnvironmentServices,
): Promise<ConnectionStep> {
  const fromUri = checkUriAlone(input, issues);
  // The stored values are opened only when what they decide may change.
  const opens = fromUri || givenFieldNames(input).length > 0 || input.secretExtraFields !== undefined;
  const stored = opens ? await openConnection(tx, services.secrets, row) : null;
  const next = stored ? nextFields(input, stored, row.secretExtraFields, fromUri, issues) : null;
  const extraAfter = next?.fields ? next.fields.extra : (stored?.extra ?? null);
  const links = await parseLinks(tx, owner, input, linksOf(row), issues);
  const { description, secretExtraFields } = validated(issues, {
    description:
      input.description === undefined ? row.description : parseDescriptionField(input.description, issues),
    secretExtraFields: stored
      ? nextSecretFields(
          input.secretExtraFields,
          row.secretExtraFields,
          extraAfter,
          next?.provided ?? new Set(),
          issues,
        )
      : row.secretExtraFields,
  });
  const fields = next?.fields ?? null;
  const changed = fields && stored ? changedFieldNames(stored, fields) : [];
  const deliveryChanged = changed.length > 0;
  const linksChanged = !sameLinks(links, linksOf(row));
  if (description !== row.description) changed.push("description");
  if (secretExtraFields.join() !== row.secretExtraFields.join()) changed.push("secretExtraFields");
  if (linksChanged) changed.push("links");
  return {
    async apply() {
      const updated = await updateConnectionIfUnchanged(tx, row, {
        description,
        secretExtraFields,
        ...links,
        ...(deliveryChanged && fields
          ? {
              connType: fields.connType,
              host: fields.host,
              port: fields.port,
              login: fields.login,
              schema: fields.schema,
              ...(await sealFields(tx, services.secrets, row, row.valueVersion + 1, fields)),
            }
          : {}),
      });
      if (!updated)
        throw new ConflictError(
          `${LABEL} “${row.connectionId}” was changed meanwhile; reload it and try again`,
        );
      return {
        row: updated,
        extra: fields?.extra,
        reaches: deliveryChanged || linksChanged ? [linksOf(row), links] : [],
        sizeField: fromUri ? "uri" : deliveryChanged ? "extra" : "linkedDeploymentIds",
        audit: { connectionId: row.connectionId, changedFields: changed, secretExtraFields, ...links },
      };
    },
  };
}

async function reached(tx: TransactionClient, owner: ResolvedOwner, reaches: Links[]) {
  return reaches.length > 0 ? affectedDeployments(tx, owner, reaches) : [];
}

/**
 * Writes a checked step and answers the shown connection, the deployments it reaches (checked
 * against the environment limits) and its audit event, which names the connection as it was
 * before an update (`before`) or as created.
 */
async function applyStep(
  tx: TransactionClient,
  owner: ResolvedOwner,
  step: ConnectionStep,
  action: "airflowConnection.create" | "airflowConnection.update",
  services: EnvironmentServices,
  before?: ConnectionRow,
) {
  const written = await step.apply();
  const affected = await reached(tx, owner, written.reaches);
  await assertEnvironmentFits(tx, owner, affected, written.sizeField);
  const named = before ?? written.row;
  return {
    result: { view: await connectionView(tx, services.secrets, written.row, owner, written.extra), affected },
    audit: {
      organizationId: owner.organizationId,
      action,
      targets: [{ type: "airflowConnection", id: named.id, label: named.connectionId }, ownerTarget(owner)],
      metadata: { scope: owner.scope, ...written.audit },
    },
  };
}

export async function createAirflowConnection(
  ctx: MutationContext,
  input: { owner: EnvironmentOwner } & AirflowConnectionCreateInput,
  services: EnvironmentServices,
): Promise<AirflowConnectionChange> {
  const { view, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.owner, "manage");
    const issues: FieldIssue[] = [];
    const linksFor = () => parseLinks(tx, owner, input, NO_LINKS, issues);
    const step = await prepareCreate(tx, owner, input, linksFor, issues, services);
    return applyStep(tx, owner, step, "airflowConnection.create", services);
  });
  return { airflowConnection: view, ...(await reconcileAfterCommit(services, affected)) };
}

export async function updateAirflowConnection(
  ctx: MutationContext,
  input: AirflowConnectionRef & AirflowConnectionUpdateInput,
  services: EnvironmentServices,
): Promise<AirflowConnectionChange> {
  const { view, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.owner, "manage");
    const row = await findRow(tx, owner, input);
    const step = await prepareUpdate(tx, owner, row, input, [], services);
    return applyStep(tx, owner, step, "airflowConnection.update", services, row);
  });
  return { airflowConnection: view, ...(await reconcileAfterCommit(services, affected)) };
}

export interface AirflowConnectionBulkInput extends LinksInput {
  owner: EnvironmentOwner;
  /** Each a connection id with fields (or a uri), as create and update take them. */
  entries: unknown;
  mode?: unknown;
}

export interface AirflowConnectionsSet extends EnvironmentChange {
  created: AirflowConnectionView[];
  updated: AirflowConnectionView[];
}

/**
 * Sets several connections at once, all or none: a new connection id is created (links as
 * given), an existing one changed as update does (omitted fields and secrets kept). Every
 * problem of every entry is reported at once as `entries.<n>.<field>`, its message naming the
 * connection as the user wrote it ("Connection `my_db`: port must be …"). One audit event.
 */
export async function bulkUpdateAirflowConnections(
  ctx: MutationContext,
  input: AirflowConnectionBulkInput,
  services: EnvironmentServices,
): Promise<AirflowConnectionsSet> {
  const { created, updated, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.owner, "manage");
    const issues: FieldIssue[] = [];
    const mode = input.mode ?? "upsert";
    if (mode !== "upsert" && mode !== "create" && mode !== "update")
      issues.push({ field: "mode", message: "must be upsert, create or update" });
    const links = await parseLinks(tx, owner, input, NO_LINKS, issues);
    const entries = Array.isArray(input.entries) ? (input.entries as unknown[]) : [];
    if (entries.length === 0) issues.push({ field: "entries", message: "give at least one entry" });
    await lockNamesOf(tx, `environment:${TABLE}`, owner.scopeId);
    const steps: Array<{ step: ConnectionStep; isNew: boolean }> = [];
    const seen = new Map<string, number>();
    for (const [index, raw] of entries.entries()) {
      const { connectionId: rawId, ...fields } = (typeof raw === "object" && raw !== null ? raw : {}) as {
        connectionId?: unknown;
      } & AirflowConnectionUpdateInput;
      const connectionId = typeof rawId === "string" ? rawId.trim() : "";
      const name = connectionId ? `Connection \`${connectionId}\`` : `Entry ${index + 1}`;
      const entryIssues: FieldIssue[] = [];
      const report = () => {
        for (const issue of entryIssues)
          issues.push({
            field: `entries.${index}.${issue.field}`,
            message: `${name}: ${issue.field} ${issue.message}`,
          });
      };
      const earlier = seen.get(connectionId.toUpperCase());
      if (connectionId && earlier !== undefined) {
        entryIssues.push({ field: "connectionId", message: `is already given by entry ${earlier + 1}` });
        report();
        continue;
      }
      seen.set(connectionId.toUpperCase(), index);
      const row = connectionId
        ? await findConnection(tx, owner.organizationId, owner.scopeId, { connectionId })
        : null;
      try {
        if (row) {
          if (mode === "create") throw new ConflictError(`already exists ${where(owner)}`, "connectionId");
          steps.push({
            step: await prepareUpdate(tx, owner, row, fields, entryIssues, services),
            isNew: false,
          });
        } else {
          if (mode === "update") throw new ConflictError(`does not exist ${where(owner)}`, "connectionId");
          const entry = { connectionId: rawId, ...fields };
          const step = await prepareCreate(tx, owner, entry, async () => links, entryIssues, services);
          steps.push({ step, isNew: true });
        }
      } catch (error) {
        if (error instanceof ValidationError) entryIssues.splice(0, entryIssues.length, ...error.issues);
        else if (error instanceof ConflictError)
          entryIssues.push({ field: error.field ?? "connectionId", message: error.message });
        else throw error;
      }
      report();
    }
    throwIssues(issues);

    const created: AirflowConnectionView[] = [];
    const updated: AirflowConnectionView[] = [];
    const reaches: Links[] = [];
    for (const { step, isNew } of steps) {
      const written = await step.apply();
      reaches.push(...written.reaches);
      const view = await connectionView(tx, services.secrets, written.row, owner, written.extra);
      (isNew ? created : updated).push(view);
    }
    const affected = await reached(tx, owner, reaches);
    await assertEnvironmentFits(tx, owner, affected, "entries");
    return {
      result: { created, updated, affected },
      audit: {
        organizationId: owner.organizationId,
        action: "airflowConnection.bulkUpdate",
        targets: [ownerTarget(owner)],
        metadata: {
          scope: owner.scope,
          mode,
          created: created.map((view) => view.connectionId),
          updated: updated.map((view) => view.connectionId),
          ...(owner.scope === "WORKSPACE" && created.length > 0 ? links : {}),
        },
      },
    };
  });
  return { created, updated, ...(await reconcileAfterCommit(services, affected)) };
}

export async function deleteAirflowConnection(
  ctx: MutationContext,
  ref: AirflowConnectionRef,
  services: EnvironmentServices,
): Promise<EnvironmentChange & { id: string; connectionId: string }> {
  const { row, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, ref.owner, "manage");
    const row = await findRow(tx, owner, ref);
    await deleteConnection(tx, row);
    const affected = await affectedDeployments(tx, owner, [linksOf(row)]);
    return {
      result: { row, affected },
      audit: {
        organizationId: owner.organizationId,
        action: "airflowConnection.delete",
        targets: [{ type: "airflowConnection", id: row.id, label: row.connectionId }, ownerTarget(owner)],
        metadata: { scope: owner.scope, connectionId: row.connectionId, connType: row.connType },
      },
    };
  });
  return { id: row.id, connectionId: row.connectionId, ...(await reconcileAfterCommit(services, affected)) };
}
