import { createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { createSecretBox, parseKeyring, type SealTarget, SecretDecryptionError } from "@skyport/domain";
import { createTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { canary, countOpenFailures, plantValues, seedOrganizations } from "./support/seed.ts";

const { db } = await createTestDatabase();
const kekBytes = randomBytes(32);
const keyring = parseKeyring(`kek-a:${kekBytes.toString("base64")}`);
const box = createSecretBox({ keyring });
const [acme, globex] = await seedOrganizations(db, 2);
if (!acme || !globex) throw new Error("seeding failed");

/** Every error message a test provoked, checked at the end for secrets. */
const messages: string[] = [];
const plaintexts: string[] = [];

async function sealed(target: SealTarget, plaintext = canary()) {
  plaintexts.push(plaintext);
  return { target, plaintext, ciphertext: await db.$transaction((tx) => box.seal(tx, target, plaintext)) };
}

/** Opens, expecting a SecretDecryptionError; records its message. */
/** Opens each value's ciphertext at every other value's place, each refused; answers how many moves were tried. */
async function refusedEveryMove(
  values: Array<{ target: SealTarget; ciphertext: Uint8Array }>,
): Promise<number> {
  let pairs = 0;
  for (const from of values) {
    for (const to of values) {
      if (from === to) continue;
      await refused(to.target, from.ciphertext);
      pairs++;
    }
  }
  return pairs;
}

async function refused(
  target: SealTarget,
  ciphertext: Uint8Array,
  using = box,
): Promise<SecretDecryptionError> {
  const error = await using.open(db, target, ciphertext).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretDecryptionError);
  messages.push((error as Error).message);
  return error as SecretDecryptionError;
}

const envVar = (organizationId: string, rowId = randomUUID(), valueVersion = 1): SealTarget => ({
  organizationId,
  table: "EnvironmentVariable",
  rowId,
  field: "value",
  valueVersion,
});

/** The organization's plaintext data key, unwrapped here independently of the module. */
async function plaintextDataKey(organizationId: string): Promise<Buffer> {
  const stored = await db.organizationDataKey.findFirstOrThrow({ where: { organizationId, active: true } });
  const wrapped = Buffer.from(stored.wrappedKey);
  const decipher = createDecipheriv("aes-256-gcm", kekBytes, wrapped.subarray(0, 12));
  decipher.setAAD(
    Buffer.from(JSON.stringify(["skyport.data-key.v1", organizationId, stored.version, stored.kekId])),
  );
  decipher.setAuthTag(wrapped.subarray(44));
  return Buffer.concat([decipher.update(wrapped.subarray(12, 44)), decipher.final()]);
}

describe("secret box", () => {
  it("round-trips values of every sealed column, including empty, unicode and 64 KiB values", async () => {
    const values = ["", "p@ss w0rd", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ Zürich 東京", "x".repeat(65_536), canary()];
    for (const plaintext of values) {
      const { target, ciphertext } = await sealed(envVar(acme.organizationId), plaintext);
      expect(await box.open(db, target, ciphertext)).toBe(plaintext);
    }
    const planted = await plantValues(db, box, acme, 30);
    expect(new Set(planted.map((v) => `${v.column.table}.${v.column.field}`)).size).toBe(4);
    expect(await countOpenFailures(db, box, planted)).toBe(0);
  });

  it("stores the format byte, the data-key version and a fresh nonce; the plaintext is not in the bytes", async () => {
    const plaintext = canary();
    const target = envVar(acme.organizationId);
    const first = await db.$transaction((tx) => box.seal(tx, target, plaintext));
    const second = await db.$transaction((tx) => box.seal(tx, target, plaintext));
    expect(first[0]).toBe(1);
    expect(Buffer.from(first.subarray(1, 5)).readUInt32BE(0)).toBe(1);
    expect(first.length).toBe(1 + 4 + 12 + Buffer.byteLength(plaintext) + 16);
    expect(Buffer.from(first.subarray(5, 17)).equals(Buffer.from(second.subarray(5, 17)))).toBe(false);
    expect(Buffer.from(first).includes(Buffer.from(plaintext))).toBe(false);
  });

  it("creates one data key per organization on first use, wrapped by the active KEK", async () => {
    const keys = await db.organizationDataKey.findMany({ orderBy: { organizationId: "asc" } });
    expect(keys.map((k) => [k.organizationId, k.version, k.kekId, k.active])).toEqual([
      [acme.organizationId, 1, "kek-a", true],
    ]);
    expect(keys[0]?.wrappedKey.length).toBe(60);
    const dataKey = await plaintextDataKey(acme.organizationId);
    expect(Buffer.from(keys[0]?.wrappedKey ?? []).includes(dataKey)).toBe(false);
  });

  it("refuses every ciphertext moved to another row of the same organization", async () => {
    const values = await Promise.all(Array.from({ length: 25 }, () => sealed(envVar(acme.organizationId))));
    const pairs = await refusedEveryMove(values);
    expect(pairs).toBe(600);
    // The same ciphertexts open where they belong: the refusals are about the move.
    for (const value of values)
      expect(await box.open(db, value.target, value.ciphertext)).toBe(value.plaintext);
  });

  it("refuses ciphertexts moved between fields and tables, even within one row", async () => {
    const rowIds = Array.from({ length: 10 }, () => randomUUID());
    const targets = rowIds.flatMap((rowId): SealTarget[] => [
      {
        organizationId: acme.organizationId,
        table: "AirflowConnection",
        rowId,
        field: "password",
        valueVersion: 1,
      },
      {
        organizationId: acme.organizationId,
        table: "AirflowConnection",
        rowId,
        field: "extra",
        valueVersion: 1,
      },
      {
        organizationId: acme.organizationId,
        table: "EnvironmentVariable",
        rowId,
        field: "value",
        valueVersion: 1,
      },
      {
        organizationId: acme.organizationId,
        table: "AirflowVariable",
        rowId,
        field: "value",
        valueVersion: 1,
      },
    ]);
    const values = [];
    for (const target of targets) values.push(await sealed(target));
    const pairs = await refusedEveryMove(values);
    expect(pairs).toBe(40 * 39);
  });

  it("refuses ciphertexts moved to another organization, at the same row, field and versions", async () => {
    const pairs: Array<{ from: Awaited<ReturnType<typeof sealed>>; to: SealTarget }> = [];
    for (let i = 0; i < 30; i++) {
      const rowId = randomUUID();
      const [source, destination] = i % 2 === 0 ? [acme, globex] : [globex, acme];
      const from = await sealed(envVar(source.organizationId, rowId));
      pairs.push({ from, to: envVar(destination.organizationId, rowId) });
    }
    // Both organizations now have a version-1 data key: the version in the bytes resolves.
    expect(await db.organizationDataKey.count({ where: { version: 1 } })).toBe(2);
    for (const { from, to } of pairs) await refused(to, from.ciphertext);
    expect(pairs).toHaveLength(30);
  });

  it("refuses a ciphertext replayed at an older or newer value version of its row", async () => {
    let pairs = 0;
    for (let row = 0; row < 10; row++) {
      const rowId = randomUUID();
      const versions = [];
      for (let valueVersion = 1; valueVersion <= 5; valueVersion++) {
        versions.push(await sealed(envVar(acme.organizationId, rowId, valueVersion)));
      }
      for (const from of versions) {
        for (const to of versions) {
          if (from === to) continue;
          await refused(to.target, from.ciphertext);
          pairs++;
        }
      }
    }
    expect(pairs).toBe(10 * 5 * 4);
  });

  it("refuses every single-byte change, truncation and extension", async () => {
    const { target, ciphertext } = await sealed(envVar(acme.organizationId), "tamper-me");
    for (let i = 0; i < ciphertext.length; i++) {
      const tampered = new Uint8Array(ciphertext);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      await refused(target, tampered);
    }
    for (const length of [0, 1, 5, 16, 32, ciphertext.length - 1]) {
      await refused(target, ciphertext.subarray(0, length));
    }
    await refused(target, new Uint8Array([...ciphertext, 0]));
    const other = new Uint8Array(ciphertext);
    other.set([0, 0, 0, 9], 1);
    expect((await refused(target, other)).message).toMatch(
      /names data key version 9, which its organization does not have/,
    );
  });

  it("says clearly when the wrapping KEK is missing from SKYPORT_KEK, or is another key under its id", async () => {
    const { target, ciphertext } = await sealed(envVar(acme.organizationId));
    const withoutIt = createSecretBox({
      keyring: parseKeyring(`kek-b:${randomBytes(32).toString("base64")}`),
    });
    expect((await refused(target, ciphertext, withoutIt)).message).toMatch(
      /Data key version 1 of organization \S+ is wrapped by KEK "kek-a", which SKYPORT_KEK does not list \(listed: "kek-b"\)/,
    );
    const wrongKey = createSecretBox({
      keyring: parseKeyring(`kek-a:${randomBytes(32).toString("base64")}`),
    });
    expect((await refused(target, ciphertext, wrongKey)).message).toMatch(
      /could not be unwrapped with KEK "kek-a": SKYPORT_KEK holds a different key under that id/,
    );
  });

  it("gives two concurrent first seals of an organization one data key", async () => {
    for (let round = 0; round < 5; round++) {
      const [fresh] = await seedOrganizations(db, 1);
      if (!fresh) throw new Error("seeding failed");
      // Every transaction has begun before any seals, so the first seals really race.
      const parties = 4;
      let arrived = 0;
      let release: () => void = () => {};
      const barrier = new Promise<void>((resolve) => {
        release = resolve;
      });
      const results = await Promise.all(
        Array.from({ length: parties }, (_, i) =>
          db.$transaction(async (tx) => {
            await tx.$queryRaw`SELECT 1`;
            if (++arrived === parties) release();
            await barrier;
            const target = envVar(fresh.organizationId);
            return { target, plaintext: `first-${i}`, ciphertext: await box.seal(tx, target, `first-${i}`) };
          }),
        ),
      );
      expect(await db.organizationDataKey.count({ where: { organizationId: fresh.organizationId } })).toBe(1);
      for (const { target, plaintext, ciphertext } of results) {
        expect(await box.open(db, target, ciphertext)).toBe(plaintext);
      }
    }
  });

  it("refuses targets outside the sealed-column registry before touching keys", async () => {
    const bad = { ...envVar(acme.organizationId), field: "key" };
    await expect(db.$transaction((tx) => box.seal(tx, bad, "x"))).rejects.toThrow(/is not a sealed column/);
    await expect(
      db.$transaction((tx) => box.seal(tx, { ...envVar(acme.organizationId), valueVersion: 0 }, "x")),
    ).rejects.toThrow(/valueVersion must be a positive whole number/);
  });

  it("never puts plaintext or key material in an error message", async () => {
    expect(messages.length).toBeGreaterThan(2_000);
    const dataKeys = [
      await plaintextDataKey(acme.organizationId),
      await plaintextDataKey(globex.organizationId),
    ];
    const forbidden = [
      ...plaintexts.filter((p) => p.length > 0),
      kekBytes.toString("base64"),
      kekBytes.toString("hex"),
      ...dataKeys.flatMap((k) => [k.toString("base64"), k.toString("hex")]),
    ];
    for (const message of new Set(messages)) {
      for (const secret of forbidden) expect(message.includes(secret)).toBe(false);
    }
  });
});
