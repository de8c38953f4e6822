import type { Keyring } from "@skyport/config";
import type { PrismaClient, TransactionClient } from "@skyport/db";
import { type Actor, EMPTY_CONTEXT, type RequestContext, SYSTEM_ACTOR } from "../shared/actor.ts";
import { NotFoundError } from "../shared/errors.ts";
import { auditWithoutRole } from "../shared/mutation.ts";
import { valueAad } from "./aad.ts";
import {
  findDataKey,
  lockActiveDataKey,
  type StoredDataKey,
  withDataKey,
  wrapNewDataKey,
} from "./data-keys.ts";
import { encodedDataKeyVersion, sealBytes } from "./envelope.ts";
import { SecretDecryptionError } from "./errors.ts";
import { SEALED_COLUMNS, type SealedColumn, versionCondition } from "./registry.ts";
import { openWithKey, readVersion } from "./secret-box.ts";
import type { SealTarget } from "./types.ts";

export interface DataKeyRotationProgress {
  /** Values re-encrypted by this run so far. */
  reencrypted: number;
  /** Values of the organization still sealed with an older data key. */
  remaining: number;
}

export interface DataKeyRotationResult {
  organizationId: string;
  /** The version values are sealed with now; null when the organization has no data key. */
  activeVersion: number | null;
  /** True when this run finished a rotation an earlier run started (and was stopped in). */
  resumed: boolean;
  reencrypted: number;
  /** Old versions deleted because no value uses them any more. */
  retiredVersions: number[];
}

export interface RotateDataKeyInput {
  db: PrismaClient;
  keyring: Keyring;
  organizationId: string;
  /** Values re-encrypted per transaction. */
  batchSize?: number;
  /** Recorded in the audit event; the command line acts as Skyport itself. */
  actor?: Actor;
  context?: RequestContext;
  onProgress?: (progress: DataKeyRotationProgress) => void | Promise<void>;
}

/**
 * Rotates an organization's data key: adds version n+1 as the active key (one audit event),
 * re-encrypts every sealed value of the organization with it in small transactions, then
 * deletes the old versions no value uses. A run stopped midway leaves every value readable
 * (old versions stay until nothing uses them); the next run sees the unfinished rotation,
 * finishes it instead of starting another, and writes no second audit event.
 */
export async function rotateOrganizationDataKey(input: RotateDataKeyInput): Promise<DataKeyRotationResult> {
  const { db, keyring, organizationId } = input;
  const batchSize = input.batchSize ?? 100;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be at least 1");
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { name: true },
  });
  if (!organization) throw new NotFoundError("Organization");

  const started = await db.$transaction((tx) =>
    startRotation(tx, keyring, organizationId, {
      actor: input.actor ?? SYSTEM_ACTOR,
      context: input.context ?? EMPTY_CONTEXT,
      label: organization.name,
    }),
  );
  if (!started) {
    return { organizationId, activeVersion: null, resumed: false, reencrypted: 0, retiredVersions: [] };
  }

  let reencrypted = 0;
  const retiredVersions: number[] = [];
  // Re-encrypt, then retire; a version still in use after that (a value written with it while
  // the run was going) sends the loop round again.
  for (let round = 0; round < 5; round++) {
    for (const column of SEALED_COLUMNS) {
      for (;;) {
        const count = await db.$transaction((tx) =>
          reencryptBatch(tx, keyring, organizationId, column, batchSize),
        );
        if (count === 0) break;
        reencrypted += count;
        await input.onProgress?.({ reencrypted, remaining: await countStaleValues(db, organizationId) });
      }
    }
    const retire = await db.$transaction((tx) => retireUnusedVersions(tx, organizationId));
    retiredVersions.push(...retire.retired);
    if (!retire.stillInUse) {
      return {
        organizationId,
        activeVersion: retire.activeVersion,
        resumed: started.resumed,
        reencrypted,
        retiredVersions,
      };
    }
  }
  throw new Error(
    `Organization ${organizationId}: old data-key versions stayed in use after 5 rounds; run the rotation again`,
  );
}

/** Serialises rotations of one organization (the lock ends with each transaction). */
async function lockRotation(tx: TransactionClient, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`data-key-rotation:${organizationId}`}, 0))`;
}

/**
 * Adds version n+1 as the only active key, or, when older versions are still stored (an
 * earlier run stopped before retiring them), resumes that rotation. Deactivating the old key
 * takes its row for update, so it waits for transactions sealing with it (they hold it
 * share-locked) and every value sealed with it is committed before re-encryption reads.
 */
async function startRotation(
  tx: TransactionClient,
  keyring: Keyring,
  organizationId: string,
  audit: { actor: Actor; context: RequestContext; label: string },
): Promise<{ resumed: boolean } | null> {
  await lockRotation(tx, organizationId);
  const keys = await tx.$queryRaw<Array<{ version: number; active: boolean }>>`
    SELECT "version", "active" FROM "OrganizationDataKey"
    WHERE "organizationId" = ${organizationId} ORDER BY "version" FOR UPDATE`;
  if (keys.length === 0) return null;
  if (keys.some((key) => !key.active)) return { resumed: true };
  const previousVersion = Math.max(...keys.map((key) => key.version));
  const version = previousVersion + 1;
  await tx.organizationDataKey.updateMany({
    where: { organizationId, active: true },
    data: { active: false },
  });
  await tx.organizationDataKey.create({
    data: {
      organizationId,
      version,
      kekId: keyring.activeId,
      wrappedKey: wrapNewDataKey(keyring, organizationId, version),
      active: true,
    },
  });
  await auditWithoutRole(tx, "data-key-rotation", {
    organizationId,
    actor: audit.actor,
    context: audit.context,
    action: "organization.dataKey.rotate",
    targets: [{ type: "organization", id: organizationId, label: audit.label }],
    metadata: { previousVersion, version, kekId: keyring.activeId },
  });
  return { resumed: false };
}

interface SealedRow {
  id: string;
  valueVersion: number;
  sealed: Uint8Array;
}

/**
 * Re-encrypts up to `batchSize` values of one column that are not sealed with the active
 * version, with their rows locked so a concurrent edit either lands first (and is
 * re-encrypted here) or waits. The value version stays: the value did not change, only the
 * key sealing it. Returns how many values it re-encrypted.
 */
async function reencryptBatch(
  tx: TransactionClient,
  keyring: Keyring,
  organizationId: string,
  column: SealedColumn,
  batchSize: number,
): Promise<number> {
  const active = await lockActiveDataKey(tx, organizationId);
  if (!active) throw new Error(`Organization ${organizationId} has no active data key`);
  const rows = await tx.$queryRawUnsafe<SealedRow[]>(
    `SELECT "id", "valueVersion", "${column.column}" AS "sealed" FROM "${column.table}"
     WHERE "organizationId" = $1 AND ${versionCondition(column, "<>", 2)}
     ORDER BY "id" LIMIT $3 FOR UPDATE`,
    organizationId,
    encodedDataKeyVersion(active.version),
    batchSize,
  );
  if (rows.length === 0) return 0;
  const byVersion = new Map<number, Array<{ row: SealedRow; target: SealTarget }>>();
  for (const row of rows) {
    const target: SealTarget = {
      organizationId,
      table: column.table,
      rowId: row.id,
      field: column.field,
      valueVersion: row.valueVersion,
    };
    const version = readVersion(target, row.sealed);
    byVersion.set(version, [...(byVersion.get(version) ?? []), { row, target }]);
  }
  await withDataKey(keyring, active, async (activeKey) => {
    for (const [version, group] of byVersion) {
      const old = await findDataKey(tx, organizationId, version);
      if (!old) {
        const first = group[0];
        throw new SecretDecryptionError(
          `${column.table}.${column.field} of row ${first?.row.id} names data key version ${version}, which its organization does not have`,
        );
      }
      await reseal(tx, keyring, old, activeKey, active, column, group);
    }
  });
  return rows.length;
}

async function reseal(
  tx: TransactionClient,
  keyring: Keyring,
  old: StoredDataKey,
  activeKey: Uint8Array,
  active: StoredDataKey,
  column: SealedColumn,
  group: Array<{ row: SealedRow; target: SealTarget }>,
): Promise<void> {
  await withDataKey(keyring, old, async (oldKey) => {
    for (const { row, target } of group) {
      const plaintext = Buffer.from(openWithKey(oldKey, target, old.version, row.sealed), "utf8");
      const resealed = sealBytes(activeKey, active.version, valueAad(target, active.version), plaintext);
      plaintext.fill(0);
      await tx.$executeRawUnsafe(
        `UPDATE "${column.table}" SET "${column.column}" = $1 WHERE "id" = $2`,
        resealed,
        row.id,
      );
    }
  });
}

/** Values of the organization sealed with anything but the active version. */
export async function countStaleValues(
  db: PrismaClient | TransactionClient,
  organizationId: string,
): Promise<number> {
  const active = await db.organizationDataKey.findFirst({
    where: { organizationId, active: true },
    select: { version: true },
  });
  if (!active) return 0;
  let total = 0;
  for (const column of SEALED_COLUMNS) {
    const rows = await db.$queryRawUnsafe<Array<{ count: bigint }>>(
      `SELECT count(*) AS "count" FROM "${column.table}" WHERE "organizationId" = $1 AND ${versionCondition(column, "<>", 2)}`,
      organizationId,
      encodedDataKeyVersion(active.version),
    );
    total += Number(rows[0]?.count ?? 0);
  }
  return total;
}

/**
 * Deletes inactive versions that no value uses, under the rotation lock and with the key rows
 * locked. Reports whether some inactive version is still in use (then the caller re-encrypts
 * again before retrying).
 */
async function retireUnusedVersions(
  tx: TransactionClient,
  organizationId: string,
): Promise<{ activeVersion: number; retired: number[]; stillInUse: boolean }> {
  await lockRotation(tx, organizationId);
  const keys = await tx.$queryRaw<Array<{ version: number; active: boolean }>>`
    SELECT "version", "active" FROM "OrganizationDataKey"
    WHERE "organizationId" = ${organizationId} ORDER BY "version" FOR UPDATE`;
  const activeVersion = keys.find((key) => key.active)?.version;
  if (activeVersion === undefined) throw new Error(`Organization ${organizationId} has no active data key`);
  const retired: number[] = [];
  let stillInUse = false;
  for (const key of keys) {
    if (key.active) continue;
    if (await versionInUse(tx, organizationId, key.version)) {
      stillInUse = true;
      continue;
    }
    await tx.organizationDataKey.delete({
      where: { organizationId_version: { organizationId, version: key.version } },
    });
    retired.push(key.version);
  }
  return { activeVersion, retired, stillInUse };
}

async function versionInUse(
  tx: TransactionClient,
  organizationId: string,
  version: number,
): Promise<boolean> {
  for (const column of SEALED_COLUMNS) {
    const rows = await tx.$queryRawUnsafe<Array<{ used: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM "${column.table}" WHERE "organizationId" = $1 AND ${versionCondition(column, "=", 2)}) AS "used"`,
      organizationId,
      encodedDataKeyVersion(version),
    );
    if (rows[0]?.used) return true;
  }
  return false;
}
