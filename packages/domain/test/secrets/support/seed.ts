// Sealed values in the real tables for the secrets tests and the rotation benchmark. The rows
// are written directly (the environment-variable, connection and variable domain functions
// are not what these tests are about); values are sealed exactly as those functions seal them.
import { randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "@skyport/db";
import type { SealedColumn, SealTarget, SecretBox } from "@skyport/domain";
import { SEALED_COLUMNS } from "@skyport/domain";

export interface SeededOrganization {
  organizationId: string;
  workspaceId: string;
}

/** One sealed value as planted: where it lives and what it should open to. */
export interface PlantedValue {
  column: SealedColumn;
  target: SealTarget;
  plaintext: string;
}

export async function seedOrganizations(db: PrismaClient, count: number): Promise<SeededOrganization[]> {
  const seeded: SeededOrganization[] = [];
  for (let i = 0; i < count; i++) {
    const tag = randomBytes(5).toString("hex");
    const organization = await db.organization.create({ data: { name: `Org ${tag}`, slug: `org-${tag}` } });
    const workspace = await db.workspace.create({ data: { organizationId: organization.id, name: "Data" } });
    seeded.push({ organizationId: organization.id, workspaceId: workspace.id });
  }
  return seeded;
}

/** A unique, recognisable secret (the canary the tests search error messages for). */
export function canary(): string {
  return `canary-${randomBytes(12).toString("hex")}-Zürich-✓`;
}

const column = (table: SealedColumn["table"], field: string): SealedColumn => {
  const found = SEALED_COLUMNS.find((entry) => entry.table === table && entry.field === field);
  if (!found) throw new Error(`${table}.${field} is not in SEALED_COLUMNS`);
  return found;
};

/**
 * Plants `count` sealed values in one organization, cycling through every sealed column: an
 * environment variable, an Airflow connection (password and extra: two values, one row) and
 * an Airflow variable. Rows are written `perTransaction` at a time, each value sealed in the
 * transaction that writes its row.
 */
export async function plantValues(
  db: PrismaClient,
  box: SecretBox,
  organization: SeededOrganization,
  count: number,
  perTransaction = 50,
): Promise<PlantedValue[]> {
  const planted: PlantedValue[] = [];
  let kind = 0;
  while (planted.length < count) {
    await db.$transaction(
      async (tx) => {
        const end = Math.min(count, planted.length + perTransaction);
        while (planted.length < end) {
          const { organizationId, workspaceId } = organization;
          const id = randomUUID();
          const scope = { organizationId, workspaceId, scope: "WORKSPACE" as const, scopeId: workspaceId };
          const plant = async (table: SealedColumn["table"], field: string) => {
            const target: SealTarget = { organizationId, table, rowId: id, field, valueVersion: 1 };
            const plaintext = canary();
            planted.push({ column: column(table, field), target, plaintext });
            return box.seal(tx, target, plaintext);
          };
          const which = kind++ % 3;
          if (which === 0) {
            const valueCiphertext = await plant("EnvironmentVariable", "value");
            await tx.environmentVariable.create({
              data: { id, ...scope, key: `VAR_${id.slice(0, 8)}`, valueCiphertext },
            });
          } else if (which === 1 && end - planted.length >= 2) {
            const passwordCiphertext = await plant("AirflowConnection", "password");
            const extraCiphertext = await plant("AirflowConnection", "extra");
            await tx.airflowConnection.create({
              data: {
                id,
                ...scope,
                connectionId: `conn_${id.slice(0, 8)}`,
                connType: "postgres",
                passwordCiphertext,
                extraCiphertext,
              },
            });
          } else {
            const valueCiphertext = await plant("AirflowVariable", "value");
            await tx.airflowVariable.create({
              data: { id, ...scope, key: `var_${id.slice(0, 8)}`, valueCiphertext },
            });
          }
        }
      },
      { timeout: 60_000 },
    );
  }
  return planted;
}

/** The value's ciphertext as stored now. */
export async function storedCiphertext(db: PrismaClient, value: PlantedValue): Promise<Uint8Array> {
  const rows = await db.$queryRawUnsafe<Array<{ sealed: Uint8Array | null }>>(
    `SELECT "${value.column.column}" AS "sealed" FROM "${value.column.table}" WHERE "id" = $1`,
    value.target.rowId,
  );
  const sealed = rows[0]?.sealed;
  if (!sealed)
    throw new Error(`${value.column.table} row ${value.target.rowId} has no ${value.column.column}`);
  return sealed;
}

/** Opens every planted value from its stored ciphertext; returns how many failed or differed. */
export async function countOpenFailures(
  db: PrismaClient,
  box: SecretBox,
  values: readonly PlantedValue[],
): Promise<number> {
  let failures = 0;
  for (const value of values) {
    try {
      const opened = await box.open(db, value.target, await storedCiphertext(db, value));
      if (opened !== value.plaintext) failures++;
    } catch {
      failures++;
    }
  }
  return failures;
}

/** `organizations` new organizations with `valuesEach` values sealed by `box` in each. */
export async function plantInNewOrganizations(
  db: PrismaClient,
  box: SecretBox,
  organizations: number,
  valuesEach: number,
): Promise<PlantedValue[]> {
  const planted: PlantedValue[] = [];
  for (const organization of await seedOrganizations(db, organizations)) {
    planted.push(...(await plantValues(db, box, organization, valuesEach)));
  }
  return planted;
}
