import { randomBytes } from "node:crypto";
import { KeyringError, parseKeyring } from "@skyport/domain";
import { describe, expect, it } from "vitest";

const key = () => randomBytes(32).toString("base64");

/** The KeyringError thrown by parsing `value`. */
function refusal(value: string): KeyringError {
  try {
    parseKeyring(value);
  } catch (error) {
    expect(error).toBeInstanceOf(KeyringError);
    return error as KeyringError;
  }
  throw new Error("expected a KeyringError");
}

describe("SKYPORT_KEK keyring", () => {
  it("reads comma-separated id:base64 entries, the first one active", () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const keyring = parseKeyring(` kek-2026:${a.toString("base64")} , kek.2025_old:${b.toString("base64")}`);
    expect(keyring.activeId).toBe("kek-2026");
    expect([...keyring.keys.keys()]).toEqual(["kek-2026", "kek.2025_old"]);
    expect(Buffer.from(keyring.keys.get("kek-2026") ?? [])).toEqual(a);
    expect(Buffer.from(keyring.keys.get("kek.2025_old") ?? [])).toEqual(b);
  });

  it("names the bad entry by position and never echoes key material", () => {
    const good = `k1:${key()}`;
    const pastedRawKey = key();
    const short = randomBytes(16).toString("base64");
    const cases: Array<[string, RegExp, string]> = [
      ["", /is empty/, ""],
      [`${good},`, /entry 2 is empty/, ""],
      [`${good},${pastedRawKey}`, /entry 2 has no key id/, pastedRawKey],
      [`${good},bad id!:${key()}`, /entry 2: the key id must be/, "bad id!"],
      [`${good},k1:${key()}`, /entry 2: key id "k1" is listed twice/, ""],
      [`k2:${short}`, /entry 1 \(id "k2"\): the key must be 32 bytes, got 16/, short],
      [`k3:not base64 at all!!`, /entry 1 \(id "k3"\): the key is not valid base64/, "not base64"],
    ];
    for (const [value, message, material] of cases) {
      const error = refusal(value);
      expect(error.message).toMatch(message);
      if (material) expect(error.message).not.toContain(material);
      // Neither the good entry's key nor any other key bytes appear.
      expect(error.message).not.toContain(good.slice(3));
    }
  });
});
