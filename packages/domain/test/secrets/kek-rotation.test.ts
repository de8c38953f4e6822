import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  createSecretBox,
  type KekRotationProgress,
  KeyringError,
  parseKeyring,
  rotateKeyEncryptionKey,
} from "@skyport/domain";
import { createTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { killRotationMidway, runNpmScript } from "./support/processes.ts";
import { countOpenFailures, plantInNewOrganizations, storedCiphertext } from "./support/seed.ts";

const { db, url } = await createTestDatabase();
const entry = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;
const [first, second, third] = [entry("kek-1"), entry("kek-2"), entry("kek-3")];
const original = parseKeyring(first);

/** Organizations with sealed values under `keyring`, all wrapped by its active KEK. */
function organizationsWithValues(organizations: number, valuesEach: number, keyring = original) {
  return plantInNewOrganizations(db, createSecretBox({ keyring }), organizations, valuesEach);
}

async function kekIds(): Promise<Record<string, number>> {
  const groups = await db.organizationDataKey.groupBy({ by: ["kekId"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.kekId, g._count._all]));
}

describe("KEK rotation", () => {
  it("re-wraps every data key under the new KEK with 0 decrypt failures, reporting progress", async () => {
    const planted = await organizationsWithValues(12, 25);
    expect(await kekIds()).toEqual({ "kek-1": 12 });
    const before = await db.organizationDataKey.findMany({ orderBy: { id: "asc" } });

    const rotated = parseKeyring(`${second},${first}`);
    const progress: KekRotationProgress[] = [];
    const result = await rotateKeyEncryptionKey({
      db,
      keyring: rotated,
      batchSize: 5,
      onProgress: (p) => void progress.push(p),
    });

    expect(result).toEqual({ activeKekId: "kek-2", rewrapped: 12, kekIdsInUse: ["kek-2"] });
    expect(progress).toEqual([
      { rewrapped: 5, remaining: 7 },
      { rewrapped: 10, remaining: 2 },
      { rewrapped: 12, remaining: 0 },
    ]);
    const after = await db.organizationDataKey.findMany({ orderBy: { id: "asc" } });
    expect(after.map((k) => [k.id, k.organizationId, k.version, k.kekId])).toEqual(
      before.map((k) => [k.id, k.organizationId, k.version, "kek-2"]),
    );
    for (const [i, key] of after.entries()) {
      expect(Buffer.from(key.wrappedKey).equals(Buffer.from(before[i]?.wrappedKey ?? []))).toBe(false);
    }
    // Every value opens with the new KEK alone: the old one is no longer needed.
    expect(await countOpenFailures(db, createSecretBox({ keyring: parseKeyring(second) }), planted)).toBe(0);
    // A second run has nothing to do.
    expect((await rotateKeyEncryptionKey({ db, keyring: rotated })).rewrapped).toBe(0);
  });

  it("refuses to start when a KEK still wrapping data keys is missing from SKYPORT_KEK, changing nothing", async () => {
    const before = await db.organizationDataKey.findMany({ orderBy: { id: "asc" } });
    const error = await rotateKeyEncryptionKey({ db, keyring: parseKeyring(third) }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(KeyringError);
    expect(error?.message).toMatch(
      /SKYPORT_KEK does not list the KEK "kek-2" \(\d+ data keys\) still wrapping data keys/,
    );
    expect(await db.organizationDataKey.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    // And a box without the wrapping KEK says which KEK it needs.
    const [value] = await organizationsWithValues(1, 1, parseKeyring(second));
    if (!value) throw new Error("planting failed");
    await expect(
      createSecretBox({ keyring: parseKeyring(third) }).open(
        db,
        value.target,
        await storedCiphertext(db, value),
      ),
    ).rejects.toThrow(/is wrapped by KEK "kek-2", which SKYPORT_KEK does not list \(listed: "kek-3"\)/);
  });

  it("finishes after being SIGKILLed midway, losing no key", async () => {
    const planted = await organizationsWithValues(10, 6, parseKeyring(second));
    const total = await db.organizationDataKey.count();
    const rotated = `${third},${second}`;
    const output = await killRotationMidway({
      ROTATION: "kek",
      DATABASE_URL: url,
      SKYPORT_KEK: rotated,
      BATCH_SIZE: "4",
    });
    expect(output).toContain('progress {"rewrapped":4');
    // Killed midway: the first batch is under the new KEK, the rest still under the old one.
    expect(await kekIds()).toEqual({ "kek-3": 4, "kek-2": total - 4 });
    const keyring = parseKeyring(rotated);
    expect(await countOpenFailures(db, createSecretBox({ keyring }), planted)).toBe(0);

    const result = await rotateKeyEncryptionKey({ db, keyring });
    expect(result.rewrapped).toBe(total - 4);
    expect(await kekIds()).toEqual({ "kek-3": total });
    expect(await countOpenFailures(db, createSecretBox({ keyring: parseKeyring(third) }), planted)).toBe(0);
  });

  it("runs as npm run secrets:rotate-kek, printing progress, and exits non-zero on failure", async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "skyport-kek-cli-"));
    const planted = await organizationsWithValues(3, 3, parseKeyring(third));
    const fourth = entry("kek-4");
    const env = { DATABASE_URL: url, SKYPORT_STATE_DIR: stateDir, LOG_LEVEL: "silent" };

    const ok = await runNpmScript("secrets:rotate-kek", ["--batch-size", "2"], {
      ...env,
      SKYPORT_KEK: `${fourth},${third}`,
    });
    expect(ok.output).toMatch(/re-wrapped 2 data keys, \d+ to go/);
    expect(ok.output).toContain('every data key is wrapped by KEK "kek-4"');
    expect(ok.output).toContain('No data key uses "kek-3" any more: it may be removed from SKYPORT_KEK.');
    expect(ok.code).toBe(0);
    expect(await kekIds()).toEqual({ "kek-4": await db.organizationDataKey.count() });
    expect(await countOpenFailures(db, createSecretBox({ keyring: parseKeyring(fourth) }), planted)).toBe(0);

    const missing = await runNpmScript("secrets:rotate-kek", [], { ...env, SKYPORT_KEK: first });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('SKYPORT_KEK does not list the KEK "kek-4"');
    expect(missing.output).not.toContain(first.slice(6));

    const malformed = await runNpmScript("secrets:rotate-kek", [], { ...env, SKYPORT_KEK: "kek-5:c2hvcnQ=" });
    expect(malformed.code).toBe(78);
    expect(malformed.output).toContain('SKYPORT_KEK: entry 1 (id "kek-5"): the key must be 32 bytes, got 5');
  }, 120_000);
});
