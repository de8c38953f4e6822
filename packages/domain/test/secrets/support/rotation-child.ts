// A rotation run in its own process, for the resumability tests: it reports each round of
// progress on stdout and then waits, so the test can SIGKILL it at a known point midway.
//   ROTATION=kek|data-key DATABASE_URL=... SKYPORT_KEK=... [ORGANIZATION_ID=...] BATCH_SIZE=n
import { createDatabaseClient } from "@skyport/db";
import { parseKeyring, rotateKeyEncryptionKey, rotateOrganizationDataKey } from "@skyport/domain";

const env = process.env;
const db = createDatabaseClient(env.DATABASE_URL ?? "", { maxConnections: 2 });
const keyring = parseKeyring(env.SKYPORT_KEK ?? "");
const batchSize = Number(env.BATCH_SIZE ?? "10");
const pauseAfterProgress = async (progress: object) => {
  process.stdout.write(`progress ${JSON.stringify(progress)}\n`);
  await new Promise((resolve) => setTimeout(resolve, 60_000));
};

if (env.ROTATION === "kek") {
  await rotateKeyEncryptionKey({ db, keyring, batchSize, onProgress: pauseAfterProgress });
} else {
  await rotateOrganizationDataKey({
    db,
    keyring,
    organizationId: env.ORGANIZATION_ID ?? "",
    batchSize,
    onProgress: pauseAfterProgress,
  });
}
process.stdout.write("finished\n");
await db.$disconnect();
