import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  createSecretBox,
  type DataKeyRotationProgress,
  NotFoundError,
  parseKeyring,
  rotateOrganizationDataKey,
  SecretDecryptionError,
} from "@skyport/domain";
import { createTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { killRotationMidway, runNpmScript } from "./support/processes.ts";
import {
  countOpenFailures,
  type PlantedValue,
  plantValues,
  seedOrganizations,
  storedCiphertext,
} from "./support/seed.ts";

const { db, url } = await createTestDatabase();
const kek = `kek-1:${randomBytes(32).toString("base64")}`;
const keyring = parseKeyring(kek);
const box = createSecretBox({ keyring });

async function versions(organizationId: string) {
  const keys = await db.organizationDataKey.findMany({
    where: { organizationId },
    orderBy: { version: "asc" },
  });
  return keys.map((k) => ({ version: k.version, active: k.active }));
}

/** The data-key version each planted value's stored ciphertext names. */
async function sealedVersions(planted: readonly PlantedValue[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (const value of planted)
    found.add(Buffer.from((await storedCiphertext(db, value)).subarray(1, 5)).readUInt32BE(0));
  return found;
}

async function rotationEvents(organizationId: string) {
  return db.auditEvent.findMany({ where: { organizationId, action: "organization.dataKey.rotate" } });
}

describe("data-key rotation", () => {
  it("re-encrypts every sealed value under version n+1, then retires the old version", async () => {
    const [acme, globex] = await seedOrganizations(db, 2);
    if (!acme || !globex) throw new Error("seeding failed");
    const planted = await plantValues(db, box, acme, 60);
    // A connection without a password or extra holds no sealed value: rotation skips it.
    const bare = randomUUID();
    await db.airflowConnection.create({
      data: {
        id: bare,
        ...acme,
        scope: "WORKSPACE",
        scopeId: acme.workspaceId,
        connectionId: "bare",
        connType: "http",
      },
    });
    const bystanders = await plantValues(db, box, globex, 9);
    const oldCiphertexts = await Promise.all(planted.map((v) => storedCiphertext(db, v)));
    expect(await countOpenFailures(db, box, planted)).toBe(0);
    expect(await versions(acme.organizationId)).toEqual([{ version: 1, active: true }]);

    const progress: DataKeyRotationProgress[] = [];
    const result = await rotateOrganizationDataKey({
      db,
      keyring,
      organizationId: acme.organizationId,
      batchSize: 7,
      onProgress: (p) => void progress.push(p),
    });

    expect(result).toEqual({
      organizationId: acme.organizationId,
      activeVersion: 2,
      resumed: false,
      reencrypted: 60,
      retiredVersions: [1],
    });
    expect(progress.at(-1)).toEqual({ reencrypted: 60, remaining: 0 });
    expect(progress.map((p) => p.remaining)).toEqual(
      [...progress.map((p) => p.remaining)].sort((a, b) => b - a),
    );
    expect(await versions(acme.organizationId)).toEqual([{ version: 2, active: true }]);
    expect(await sealedVersions(planted)).toEqual(new Set([2]));
    expect(await countOpenFailures(db, box, planted)).toBe(0);
    // The old ciphertexts named version 1, which is gone: they no longer open.
    for (const [i, value] of planted.entries()) {
      await expect(box.open(db, value.target, oldCiphertexts[i] as Uint8Array)).rejects.toThrow(
        /names data key version 1, which its organization does not have/,
      );
    }
    // The value version stays (the value did not change), and other organizations are untouched.
    const row = await db.environmentVariable.findFirstOrThrow({
      where: { organizationId: acme.organizationId },
    });
    expect(row.valueVersion).toBe(1);
    expect(await versions(globex.organizationId)).toEqual([{ version: 1, active: true }]);
    expect(await sealedVersions(bystanders)).toEqual(new Set([1]));
    expect(await countOpenFailures(db, box, bystanders)).toBe(0);
  });

  it("records one audit event as Skyport itself, with versions and no key material", async () => {
    const [org] = await seedOrganizations(db, 1);
    if (!org) throw new Error("seeding failed");
    await plantValues(db, box, org, 3);
    await rotateOrganizationDataKey({ db, keyring, organizationId: org.organizationId });
    await rotateOrganizationDataKey({ db, keyring, organizationId: org.organizationId });
    const events = await rotationEvents(org.organizationId);
    expect(events.map((e) => [e.actorType, e.actorId, e.metadata])).toEqual([
      ["SYSTEM", "system", { previousVersion: 1, version: 2, kekId: "kek-1" }],
      ["SYSTEM", "system", { previousVersion: 2, version: 3, kekId: "kek-1" }],
    ]);
    expect(events[0]?.targets).toEqual([
      { type: "organization", id: org.organizationId, label: expect.any(String) },
    ]);
    const stored = await db.organizationDataKey.findFirstOrThrow({
      where: { organizationId: org.organizationId },
    });
    const text = JSON.stringify(events);
    expect(text).not.toContain(Buffer.from(stored.wrappedKey).toString("base64"));
    expect(text).not.toContain(kek.slice(6));
  });

  it("keeps every value readable while values are sealed during the rotation", async () => {
    const [org] = await seedOrganizations(db, 1);
    if (!org) throw new Error("seeding failed");
    const planted = await plantValues(db, box, org, 90);
    const during: PlantedValue[] = [];
    let rounds = 0;
    const rotation = rotateOrganizationDataKey({
      db,
      keyring,
      organizationId: org.organizationId,
      batchSize: 3,
      onProgress: async () => {
        // Between batches, while older values are still on version 1.
        if (rounds++ < 10) during.push(...(await plantValues(db, box, org, 3)));
      },
    });
    const writers = Array.from({ length: 3 }, async () => {
      for (let i = 0; i < 5; i++) during.push(...(await plantValues(db, box, org, 2)));
    });
    await Promise.all([rotation, ...writers]);
    const all = [...planted, ...during];
    expect(during).toHaveLength(60);
    expect(await countOpenFailures(db, box, all)).toBe(0);
    expect(await versions(org.organizationId)).toEqual([{ version: 2, active: true }]);
    expect(await sealedVersions(all)).toEqual(new Set([2]));
  });

  it("finishes after being SIGKILLed midway, with one audit event and no value lost", async () => {
    const [org] = await seedOrganizations(db, 1);
    if (!org) throw new Error("seeding failed");
    const planted = await plantValues(db, box, org, 40);
    const output = await killRotationMidway({
      ROTATION: "data-key",
      DATABASE_URL: url,
      SKYPORT_KEK: kek,
      ORGANIZATION_ID: org.organizationId,
      BATCH_SIZE: "5",
    });
    expect(output).toContain('progress {"reencrypted":5,"remaining":35}');
    // Killed midway: both versions stored, values under each, all readable.
    expect(await versions(org.organizationId)).toEqual([
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
    expect(await sealedVersions(planted)).toEqual(new Set([1, 2]));
    expect(await countOpenFailures(db, box, planted)).toBe(0);

    const result = await rotateOrganizationDataKey({ db, keyring, organizationId: org.organizationId });
    expect(result).toMatchObject({ activeVersion: 2, resumed: true, reencrypted: 35, retiredVersions: [1] });
    expect(await versions(org.organizationId)).toEqual([{ version: 2, active: true }]);
    expect(await countOpenFailures(db, box, planted)).toBe(0);
    expect(await rotationEvents(org.organizationId)).toHaveLength(1);
  });

  it("stops on a value it cannot open, naming the row, keeping the old key", async () => {
    const [org] = await seedOrganizations(db, 1);
    if (!org) throw new Error("seeding failed");
    const planted = await plantValues(db, box, org, 6);
    const victim = planted.find((v) => v.column.table === "AirflowVariable");
    if (!victim) throw new Error("no Airflow variable planted");
    const tampered = new Uint8Array(await storedCiphertext(db, victim));
    tampered[20] = (tampered[20] ?? 0) ^ 0xff;
    await db.airflowVariable.update({
      where: { id: victim.target.rowId },
      data: { valueCiphertext: tampered },
    });

    const error = await rotateOrganizationDataKey({ db, keyring, organizationId: org.organizationId }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(SecretDecryptionError);
    expect(error?.message).toContain(`AirflowVariable.value of row ${victim.target.rowId}`);
    expect(error?.message).not.toContain(victim.plaintext);
    expect(await versions(org.organizationId)).toEqual([
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
    const intact = planted.filter((v) => v !== victim);
    expect(await countOpenFailures(db, box, intact)).toBe(0);
  });

  it("has nothing to rotate for an organization without a data key, and refuses unknown ones", async () => {
    const [fresh] = await seedOrganizations(db, 1);
    if (!fresh) throw new Error("seeding failed");
    expect(await rotateOrganizationDataKey({ db, keyring, organizationId: fresh.organizationId })).toEqual({
      organizationId: fresh.organizationId,
      activeVersion: null,
      resumed: false,
      reencrypted: 0,
      retiredVersions: [],
    });
    expect(await db.organizationDataKey.count({ where: { organizationId: fresh.organizationId } })).toBe(0);
    await expect(
      rotateOrganizationDataKey({ db, keyring, organizationId: "no-such-org" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("runs as npm run secrets:rotate-data-key -- --organization <id>, exiting non-zero on failure", async () => {
    const [org] = await seedOrganizations(db, 1);
    if (!org) throw new Error("seeding failed");
    const planted = await plantValues(db, box, org, 12);
    const env = {
      DATABASE_URL: url,
      SKYPORT_KEK: kek,
      SKYPORT_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), "skyport-dk-cli-")),
    };
    const ok = await runNpmScript(
      "secrets:rotate-data-key",
      ["--organization", org.organizationId, "--batch-size", "5"],
      env,
    );
    // One column at a time: 12 values over four sealed columns.
    expect(ok.output).toContain("re-encrypted 3 values, 9 to go");
    expect(ok.output).toContain("re-encrypted 12 values, 0 to go");
    expect(ok.output).toContain(
      "Done: 12 values re-encrypted; active data key version 2; retired version(s) 1.",
    );
    expect(ok.code).toBe(0);
    expect(await countOpenFailures(db, box, planted)).toBe(0);

    const unknown = await runNpmScript("secrets:rotate-data-key", ["--organization", "no-such-org"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain("Organization no-such-org not found");
    const missing = await runNpmScript("secrets:rotate-data-key", [], env);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("--organization <id> is required");
  }, 120_000);
});
