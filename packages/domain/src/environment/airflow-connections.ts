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
import { ConflictError, type FieldIssue, NotFoundError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { lockNamesOf } from "../shared/names.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import {
  CONNECTION_FIELD_NAMES,
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
  reporter,
} from "./connection-fields.ts";
import {
  type ConnectionLookup,
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
  nextFields,
  nextSecretFields,
} from "./connection-updates.ts";
import { type AirflowConnectionView, connectionView, openConnection } from "./connection-views.ts";
import { parseDescriptionField, parseKeyText, parseLookup, validated } from "./fields.ts";
import { assertEnvironmentFits } from "./limits.ts";
import { affectedDeployments, type LinksInput, linksOf, NO_LINKS, parseLinks, sameLinks } from "./links.ts";
import { type Page, type PageInput, pageFrom, pageQuery } from "./page.ts";
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
  input: { owner: EnvironmentOwner } & PageInput,
  services: EnvironmentReadServices,
): Promise<Page<AirflowConnectionView>> {
  const resolved = await resolveOwner(ctx.db, ctx.actor, input.owner, "read");
  const query = pageQuery(input);
  const rows = await listConnectionsPage(ctx.db, resolved.organizationId, resolved.scopeId, query);
  return pageFrom(
    rows,
    query,
    (row) => row.connectionId,
    (row) => connectionView(ctx.db, services.secrets, row, resolved),
  );
}

export async function getAirflowConnection(
  ctx: MutationContext,
  ref: AirflowConnectionRef,
  services: EnvironmentReadServices,
): Promise<AirflowConnectionView> {
  const resolved = await resolveOwner(ctx.db, ctx.actor, ref.owner, "read");
  return connectionView(ctx.db, services.secrets, await findRow(ctx.db, resolved, ref), resolved);
}

/** Parses individually given fields for a new connection (connType required). */
function newFields(input: ConnectionFieldsInput, issues: FieldIssue[]): Partial<ConnectionFields> {
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

export async function createAirflowConnection(
  ctx: MutationContext,
  input: { owner: EnvironmentOwner } & AirflowConnectionCreateInput,
  services: EnvironmentServices,
): Promise<AirflowConnectionChange> {
  const { view, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.owner, "manage");
    const issues: FieldIssue[] = [];
    const connectionId = parseKeyText(input.connectionId, "connectionId", issues);
    const idProblem = connectionId === undefined ? undefined : connectionIdProblem(connectionId);
    if (idProblem) issues.push({ field: "connectionId", message: idProblem });
    const fromUri = checkUriAlone(input, issues);
    const parsed = fromUri ? (parseConnectionUri(input.uri, issues) ?? {}) : newFields(input, issues);
    const links = await parseLinks(tx, owner, input, NO_LINKS, issues);
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

    const id = randomUUID();
    const sealed = await sealFields(
      tx,
      services.secrets,
      { id, organizationId: owner.organizationId, connectionId: id_ },
      1,
      fields,
    );
    const row = await createConnection(tx, {
      id,
      organizationId: owner.organizationId,
      workspaceId: owner.workspaceId,
      scope: owner.scope,
      deploymentId: owner.deploymentId,
      scopeId: owner.scopeId,
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
    const affected = await affectedDeployments(tx, owner, [links]);
    await assertEnvironmentFits(tx, owner, affected, fromUri ? "uri" : "extra");
    return {
      result: { view: await connectionView(tx, services.secrets, row, owner, fields.extra), affected },
      audit: {
        organizationId: owner.organizationId,
        action: "airflowConnection.create",
        targets: [{ type: "airflowConnection", id, label: id_ }, ownerTarget(owner)],
        metadata: {
          scope: owner.scope,
          connectionId: id_,
          connType: fields.connType,
          secretExtraFields,
          ...links,
        },
      },
    };
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
    const issues: FieldIssue[] = [];
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
    const affected =
      deliveryChanged || linksChanged ? await affectedDeployments(tx, owner, [linksOf(row), links]) : [];
    const sizeField = fromUri ? "uri" : deliveryChanged ? "extra" : "linkedDeploymentIds";
    await assertEnvironmentFits(tx, owner, affected, sizeField);
    return {
      result: { view: await connectionView(tx, services.secrets, updated, owner, fields?.extra), affected },
      audit: {
        organizationId: owner.organizationId,
        action: "airflowConnection.update",
        targets: [{ type: "airflowConnection", id: row.id, label: row.connectionId }, ownerTarget(owner)],
        metadata: {
          scope: owner.scope,
          connectionId: row.connectionId,
          changedFields: changed,
          secretExtraFields,
          ...links,
        },
      },
    };
  });
  return { airflowConnection: view, ...(await reconcileAfterCommit(services, affected)) };
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
