// Secrets benchmark: seals 10,000 values across organizations, opens them, rotates the KEK
// (re-wrapping every data key) and every organization's data key (re-encrypting every value),
// and checks after each step that all 10,000 values still open. Not part of `npm test`; run
// `npm run bench:secrets`.
//
//   --values <n>         how many sealed values (default 10000)
//   --organizations <n>  spread over this many organizations (default 100)
//   --batch-size <n>     rotation batch size (default 100)
//   e.g. npm run bench:secrets -- --values 2000 --organizations 20
//
// PostgreSQL: DATABASE_URL's server when set, else the embedded one `npm start` uses. The
// bench works in a database of its own, cloned from a migrated template and dropped after.
// Everything runs one step at a time on one connection pool: the rates are single-stream.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createDatabaseClient, type PrismaClient } from "@skyport/db";
import {
  createSecretBox,
  parseKeyring,
  rotateKeyEncryptionKey,
  rotateOrganizationDataKey,
  type SealTarget,
  type SecretBox,
} from "@skyport/domain";
import {
  type PlantedValue,
  plantValues,
  type SeededOrganization,
  seedOrganizations,
  storedCiphertext,
} from "../packages/domain/test/secrets/support/seed.ts";
import { benchDatabase } from "./support.ts";

const { values: args } = parseArgs({
  options: {
    values: { type: "string", default: "10000" },
    organizations: { type: "string", default: "100" },
    "batch-size": { type: "string", default: "100" },
  },
});
const VALUES = Number(args.values);
const ORGANIZATIONS = Number(args.organizations);
const BATCH_SIZE = Number(args["batch-size"]);

const kekEntry = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;
const OLD_KEK = kekEntry("bench-old");
const NEW_KEK = kekEntry("bench-new");

function rate(count: number, ms: number): string {
  return `${((count * 1000) / ms).toFixed(0)}/s`;
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(50)} ${value}\n`);
}

/** Opens every value from its stored ciphertext (read beforehand, so only opening is timed). */
async function openAll(db: PrismaClient, box: SecretBox, planted: readonly PlantedValue[]) {
  const stored = [];
  for (const value of planted) stored.push(await storedCiphertext(db, value));
  let failures = 0;
  const start = performance.now();
  for (const [i, value] of planted.entries()) {
    try {
      if ((await box.open(db, value.target, stored[i] as Uint8Array)) !== value.plaintext) failures++;
    } catch {
      failures++;
    }
  }
  return { failures, ms: performance.now() - start };
}

/** Pure sealing: `count` values in transactions of 100, ciphertexts discarded. */
async function sealOnly(
  db: PrismaClient,
  box: SecretBox,
  organizations: readonly SeededOrganization[],
  count: number,
) {
  const start = performance.now();
  for (let done = 0; done < count; ) {
    const organization = organizations[((done / 100) % organizations.length) | 0] as SeededOrganization;
    const batch = Math.min(100, count - done);
    await db.$transaction(async (tx) => {
      for (let i = 0; i < batch; i++) {
        const target: SealTarget = {
          organizationId: organization.organizationId,
          table: "EnvironmentVariable",
          rowId: `bench-${done + i}`,
          field: "value",
          valueVersion: 1,
        };
        await box.seal(tx, target, `bench-secret-${done + i}`);
      }
    });
    done += batch;
  }
  return performance.now() - start;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  const db = createDatabaseClient(database.url, { maxConnections: 4 });
  let failed = false;
  try {
    process.stdout.write(
      `secrets bench: ${VALUES} values over ${ORGANIZATIONS} organizations, batch size ${BATCH_SIZE}, node ${process.version}\n\n`,
    );
    const oldBox = createSecretBox({ keyring: parseKeyring(OLD_KEK) });
    const organizations = await seedOrganizations(db, ORGANIZATIONS);

    // Sealing, first alone, then as the domain does it: sealed in the transaction writing the row.
    const sealMs = await sealOnly(db, oldBox, organizations, VALUES);
    line("seal (in transactions of 100)", `${sealMs.toFixed(0)} ms, ${rate(VALUES, sealMs)}`);
    let start = performance.now();
    const planted: PlantedValue[] = [];
    for (const [i, organization] of organizations.entries()) {
      const share = Math.floor(VALUES / ORGANIZATIONS) + (i < VALUES % ORGANIZATIONS ? 1 : 0);
      planted.push(...(await plantValues(db, oldBox, organization, share, 100)));
    }
    const plantMs = performance.now() - start;
    line(
      "seal + insert rows (all four sealed columns)",
      `${plantMs.toFixed(0)} ms, ${rate(planted.length, plantMs)}`,
    );

    const opened = await openAll(db, oldBox, planted);
    line(
      "open",
      `${opened.ms.toFixed(0)} ms, ${rate(planted.length, opened.ms)}, ${opened.failures} failures`,
    );

    // KEK rotation: re-wrap every data key under the new KEK, then open everything with the new
    // KEK alone (proof that nothing still needs the old one).
    const rotatedKeyring = parseKeyring(`${NEW_KEK},${OLD_KEK}`);
    const dataKeys = await db.organizationDataKey.count();
    start = performance.now();
    const kek = await rotateKeyEncryptionKey({ db, keyring: rotatedKeyring, batchSize: BATCH_SIZE });
    const kekMs = performance.now() - start;
    line(
      "KEK rotation (re-wrap data keys)",
      `${kekMs.toFixed(0)} ms, ${kek.rewrapped}/${dataKeys} keys, ${rate(kek.rewrapped, kekMs)}`,
    );
    const newBox = createSecretBox({ keyring: parseKeyring(NEW_KEK) });
    const afterKek = await openAll(db, newBox, planted);
    line(
      "  verify: open every value with the new KEK only",
      `${afterKek.ms.toFixed(0)} ms, ${rate(planted.length, afterKek.ms)}, ${afterKek.failures} failures`,
    );

    // Data-key rotation of every organization: every value re-encrypted under version 2.
    start = performance.now();
    let reencrypted = 0;
    for (const organization of organizations) {
      const result = await rotateOrganizationDataKey({
        db,
        keyring: parseKeyring(NEW_KEK),
        organizationId: organization.organizationId,
        batchSize: BATCH_SIZE,
      });
      reencrypted += result.reencrypted;
    }
    const dataKeyMs = performance.now() - start;
    line(
      "data-key rotation (every organization)",
      `${dataKeyMs.toFixed(0)} ms, ${reencrypted} values, ${rate(reencrypted, dataKeyMs)}`,
    );
    const afterDataKey = await openAll(db, newBox, planted);
    line(
      "  verify: open every value",
      `${afterDataKey.ms.toFixed(0)} ms, ${rate(planted.length, afterDataKey.ms)}, ${afterDataKey.failures} failures`,
    );

    const decryptFailures = opened.failures + afterKek.failures + afterDataKey.failures;
    const summary = {
      values: planted.length,
      organizations: ORGANIZATIONS,
      sealPerSecond: Math.round((VALUES * 1000) / sealMs),
      sealAndInsertPerSecond: Math.round((planted.length * 1000) / plantMs),
      openPerSecond: Math.round((planted.length * 1000) / opened.ms),
      kekRotationDataKeys: kek.rewrapped,
      kekRotationDataKeysPerSecond: Math.round((kek.rewrapped * 1000) / kekMs),
      dataKeyRotationValues: reencrypted,
      dataKeyRotationValuesPerSecond: Math.round((reencrypted * 1000) / dataKeyMs),
      decryptFailures,
    };
    process.stdout.write(`\n${JSON.stringify(summary)}\n`);
    failed = decryptFailures !== 0 || kek.rewrapped !== dataKeys || reencrypted !== planted.length;
  } finally {
    await db.$disconnect();
    await database.close();
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
