// Create, list, get, update and delete for the two key/value kinds: environment variables and
// Airflow variables. They differ only in what a key may be, whether keys clash ignoring case
// (Airflow upper-cases variable keys when it reads them), and the Airflow variable's description;
// see the kind descriptors in environment-variables.ts and airflow-variables.ts.
import { randomUUID } from "node:crypto";
import type { TransactionClient } from "@skyport/db";
import { deliveredBytes, type EnvironmentEntryKind } from "@skyport/provisioning";
import type { Db } from "../authz/authorize.ts";
import type { SecretBox } from "../secrets/types.ts";
import { ConflictError, type FieldIssue, NotFoundError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { lockNamesOf } from "../shared/names.ts";
import { keyset, type Page, type PageRequest, pageOfRows } from "../shared/pagination.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import {
  parseDescriptionField,
  parseFlag,
  parseKeyText,
  parseLookup,
  parseValue,
  throwIssues,
  validated,
} from "./fields.ts";
import type { KeyValueLookup, KeyValueRow, KeyValueTable } from "./key-value-rows.ts";
import { type KeyValueView, keyValueView } from "./key-value-views.ts";
import { assertEnvironmentFits } from "./limits.ts";
import { affectedDeployments, type LinksInput, linksOf, NO_LINKS, parseLinks, sameLinks } from "./links.ts";
import { reconcileAfterCommit } from "./reconcile.ts";
import {
  type EnvironmentOwner,
  ownerColumns,
  ownerTarget,
  type ResolvedOwner,
  resolveOwner,
} from "./scope.ts";
import type { EnvironmentChange, EnvironmentReadServices, EnvironmentServices } from "./services.ts";

export interface KeyValueKind {
  table: KeyValueTable;
  entryKind: Extract<EnvironmentEntryKind, "environmentVariable" | "airflowVariable">;
  /** Product words: "environment variable", "Airflow variable". */
  label: string;
  keyProblem(key: string): string | undefined;
  /** Keys that differ only in case are the same object to Airflow. */
  keysIgnoreCase: boolean;
  hasDescription: boolean;
}

/** Names one object of the owner by `id` or by `key` (exactly one; checked, see parseLookup). */
export interface KeyValueRef {
  owner: EnvironmentOwner;
  id?: string | undefined;
  key?: string | undefined;
}

export interface KeyValueCreateInput extends LinksInput {
  key: unknown;
  value: unknown;
  isSecret?: unknown;
  description?: unknown;
}

export interface KeyValueUpdateInput extends LinksInput {
  /** A new value; omitted or null keeps the stored one (secret values are never shown to resend). */
  value?: unknown;
  isSecret?: unknown;
  description?: unknown;
}

type Owned<T> = { owner: EnvironmentOwner } & T;

export interface KeyValueChangeResult extends EnvironmentChange {
  object: KeyValueView & { description: string };
}

function lookupOf(ref: { id?: string; key?: string }): KeyValueLookup {
  return parseLookup(ref, "key");
}

export async function findKeyValue(
  db: Db,
  kind: KeyValueKind,
  owner: ResolvedOwner,
  ref: { id?: string; key?: string },
) {
  const row = await kind.table.find(db, owner.organizationId, owner.scopeId, lookupOf(ref));
  if (!row) throw new NotFoundError(kind.label);
  return row;
}

export function where(owner: ResolvedOwner): string {
  return owner.scope === "DEPLOYMENT" ? "on this deployment" : "in this workspace";
}

/**
 * Refuses a key the scope already has. Holding the scope's lock until commit keeps two
 * concurrent creates from both passing (the unique index only knows exact case).
 */
export async function assertKeyFree(
  tx: TransactionClient,
  kind: KeyValueKind,
  owner: ResolvedOwner,
  key: string,
) {
  await lockNamesOf(tx, `environment:${kind.table.name}`, owner.scopeId);
  const clashes = await kind.table.findKeysIgnoringCase(tx, owner.scopeId, [key]);
  const clash = clashes.find((row) => kind.keysIgnoreCase || row.key === key);
  if (clash) throw duplicateKey(kind, owner, clash.key, key);
}

export function duplicateKey(
  kind: KeyValueKind,
  owner: ResolvedOwner,
  existing: string,
  key: string,
): ConflictError {
  const sameCase = existing === key;
  return new ConflictError(
    sameCase
      ? `an ${kind.label} named “${key}” already exists ${where(owner)}`
      : `an ${kind.label} named “${existing}” already exists ${where(owner)}; Airflow reads “${key}” under the same name`,
    "key",
  );
}

export function seal(
  secrets: SecretBox,
  db: Db,
  kind: KeyValueKind,
  row: Pick<KeyValueRow, "organizationId" | "id">,
  version: number,
  value: string,
) {
  return secrets.seal(
    db,
    {
      organizationId: row.organizationId,
      table: kind.table.name,
      rowId: row.id,
      field: "value",
      valueVersion: version,
    },
    value,
  );
}

/** One page of the owner's objects in key order; values as the caller may see them. */
export async function listKeyValues(
  ctx: MutationContext,
  kind: KeyValueKind,
  input: { owner: EnvironmentOwner } & PageRequest,
  services: EnvironmentReadServices,
): Promise<Page<KeyValueView & { description: string }>> {
  const resolved = await resolveOwner(ctx.db, ctx.actor, input.owner, "read");
  const ks = keyset(input);
  const rows = await kind.table.listPage(ctx.db, resolved.organizationId, resolved.scopeId, ks);
  const page = pageOfRows(rows, ks, (row) => row.key);
  const view = (row: KeyValueRow) => keyValueView(ctx.db, services.secrets, kind.table.name, row, resolved);
  return { items: await Promise.all(page.items.map(view)), nextCursor: page.nextCursor };
}

export async function getKeyValue(
  ctx: MutationContext,
  kind: KeyValueKind,
  ref: KeyValueRef,
  services: EnvironmentReadServices,
) {
  const resolved = await resolveOwner(ctx.db, ctx.actor, ref.owner, "read");
  const row = await findKeyValue(ctx.db, kind, resolved, ref);
  return keyValueView(ctx.db, services.secrets, kind.table.name, row, resolved);
}

/** The columns that replace a stored object's value: the next version, sealed. */
export async function nextValue(
  secrets: SecretBox,
  db: Db,
  kind: KeyValueKind,
  row: KeyValueRow,
  value: string,
) {
  const valueVersion = row.valueVersion + 1;
  return {
    valueVersion,
    valueCiphertext: await seal(secrets, db, kind, row, valueVersion, value),
    deliveredBytes: deliveredBytes(kind.entryKind, row.key, value),
  };
}

/** What a new object is given: its key, value, description, secrecy and links. */
export type NewKeyValue = Pick<
  KeyValueRow,
  "key" | "description" | "isSecret" | "linkAllDeployments" | "linkedDeploymentIds"
> & { value: string };

/** Writes a new object of `kind` under `owner`, its value sealed as version 1. */
export async function insertKeyValue(
  tx: TransactionClient,
  secrets: SecretBox,
  kind: KeyValueKind,
  owner: ResolvedOwner,
  object: NewKeyValue,
): Promise<KeyValueRow> {
  const id = randomUUID();
  const { value, ...columns } = object;
  return kind.table.create(tx, {
    id,
    ...ownerColumns(owner),
    ...columns,
    valueCiphertext: await seal(secrets, tx, kind, { id, organizationId: owner.organizationId }, 1, value),
    valueVersion: 1,
    deliveredBytes: deliveredBytes(kind.entryKind, object.key, value),
  });
}

export async function createKeyValue(
  ctx: MutationContext,
  kind: KeyValueKind,
  input: Owned<KeyValueCreateInput>,
  services: EnvironmentServices,
): Promise<KeyValueChangeResult> {
  const { result, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.owner, "manage");
    const issues: FieldIssue[] = [];
    const parsedKey = parseKeyText(input.key, "key", issues);
    const keyProblem = parsedKey === undefined ? undefined : kind.keyProblem(parsedKey);
    if (keyProblem) issues.push({ field: "key", message: keyProblem });
    const links = await parseLinks(tx, owner, input, NO_LINKS, issues);
    const { key, value, isSecret, description } = validated(issues, {
      key: parsedKey,
      value: parseValue(input.value, "value", issues),
      isSecret: parseFlag(input.isSecret, "isSecret", issues) ?? false,
      description: kind.hasDescription ? parseDescriptionField(input.description, issues) : "",
    });
    await assertKeyFree(tx, kind, owner, key);

    const row = await insertKeyValue(tx, services.secrets, kind, owner, {
      key,
      value,
      description,
      isSecret,
      ...links,
    }).catch((error: unknown) => {
      throw isUniqueViolation(error) ? duplicateKey(kind, owner, key, key) : error;
    });
    const affected = await affectedDeployments(tx, owner, [links]);
    await assertEnvironmentFits(tx, owner, affected, "value");
    return {
      result: {
        result: await keyValueView(tx, services.secrets, kind.table.name, row, owner, value),
        affected,
      },
      audit: {
        organizationId: owner.organizationId,
        action: `${kind.entryKind}.create`,
        targets: [{ type: kind.entryKind, id: row.id, label: key }, ownerTarget(owner)],
        // "writeOnly": a field named isSecret would be redacted as a secret-looking name.
        metadata: { scope: owner.scope, key, writeOnly: isSecret, ...links },
      },
    };
  });
  return { object: result, ...(await reconcileAfterCommit(services, affected)) };
}

export async function updateKeyValue(
  ctx: MutationContext,
  kind: KeyValueKind,
  input: KeyValueRef & KeyValueUpdateInput,
  services: EnvironmentServices,
): Promise<KeyValueChangeResult> {
  const { result, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.owner, "manage");
    const row = await findKeyValue(tx, kind, owner, input);
    const issues: FieldIssue[] = [];
    const value =
      input.value === undefined || input.value === null
        ? undefined
        : parseValue(input.value, "value", issues);
    const isSecret = parseFlag(input.isSecret, "isSecret", issues) ?? row.isSecret;
    const description =
      kind.hasDescription && input.description !== undefined
        ? parseDescriptionField(input.description, issues)
        : row.description;
    const links = await parseLinks(tx, owner, input, linksOf(row), issues);
    if (row.isSecret && !isSecret && (input.value === undefined || input.value === null)) {
      issues.push({
        field: "isSecret",
        message:
          "a secret stays secret unless a new value is given with the change: its current value is never revealed",
      });
    }
    throwIssues(issues);

    const changedFields: string[] = [];
    if (value !== undefined) changedFields.push("value");
    if (isSecret !== row.isSecret) changedFields.push("isSecret");
    if (description !== row.description) changedFields.push("description");
    const linksChanged = !sameLinks(links, linksOf(row));
    if (linksChanged) changedFields.push("links");

    const updated = await kind.table.updateIfUnchanged(tx, row, {
      isSecret,
      ...(kind.hasDescription && description !== undefined ? { description } : {}),
      ...links,
      ...(value === undefined ? {} : await nextValue(services.secrets, tx, kind, row, value)),
    });
    if (!updated)
      throw new ConflictError(`${kind.label} “${row.key}” was changed meanwhile; reload it and try again`);
    const deliveryChanged = value !== undefined || linksChanged;
    const affected = deliveryChanged ? await affectedDeployments(tx, owner, [linksOf(row), links]) : [];
    if (deliveryChanged)
      await assertEnvironmentFits(tx, owner, affected, value !== undefined ? "value" : "linkedDeploymentIds");
    return {
      result: {
        result: await keyValueView(tx, services.secrets, kind.table.name, updated, owner, value),
        affected,
      },
      audit: {
        organizationId: owner.organizationId,
        action: `${kind.entryKind}.update`,
        targets: [{ type: kind.entryKind, id: row.id, label: row.key }, ownerTarget(owner)],
        metadata: { scope: owner.scope, key: row.key, writeOnly: isSecret, changedFields, ...links },
      },
    };
  });
  return { object: result, ...(await reconcileAfterCommit(services, affected)) };
}

export async function deleteKeyValue(
  ctx: MutationContext,
  kind: KeyValueKind,
  ref: KeyValueRef,
  services: EnvironmentServices,
): Promise<EnvironmentChange & { id: string; key: string }> {
  const { row, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, ref.owner, "manage");
    const row = await findKeyValue(tx, kind, owner, ref);
    await kind.table.delete(tx, row);
    const affected = await affectedDeployments(tx, owner, [linksOf(row)]);
    return {
      result: { row, affected },
      audit: {
        organizationId: owner.organizationId,
        action: `${kind.entryKind}.delete`,
        targets: [{ type: kind.entryKind, id: row.id, label: row.key }, ownerTarget(owner)],
        metadata: { scope: owner.scope, key: row.key, writeOnly: row.isSecret },
      },
    };
  });
  return { id: row.id, key: row.key, ...(await reconcileAfterCommit(services, affected)) };
}
