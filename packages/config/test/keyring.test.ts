import { randomBytes } from "node:crypto";
import {
  launcherEnvSchema,
  parseConfig,
  secretsToolEnvSchema,
  webEnvSchema,
  workerEnvSchema,
} from "@skyport/config";
import { describe, expect, it } from "vitest";
import { issuesOf, validEnv } from "./support.ts";

const key = () => randomBytes(32).toString("base64");
const valid = { ...validEnv, SKYPORT_KEK: `kek-1:${key()}` };

describe("SKYPORT_KEK configuration", () => {
  it("is required by the web console, the worker and the secrets commands", () => {
    const { SKYPORT_KEK: _omitted, ...withoutKek } = valid;
    for (const [service, schema] of [
      ["web", webEnvSchema],
      ["worker", workerEnvSchema],
      ["secrets:rotate-kek", secretsToolEnvSchema],
    ] as const) {
      expect(issuesOf(() => parseConfig(service, schema, withoutKek))).toEqual([
        { variable: "SKYPORT_KEK", message: "is required" },
      ]);
      expect(parseConfig(service, schema, valid).SKYPORT_KEK).toBe(valid.SKYPORT_KEK);
    }
  });

  it("is optional for npm start, which generates a development one", () => {
    expect(parseConfig("skyport start", launcherEnvSchema, {}).SKYPORT_KEK).toBeUndefined();
  });

  it("names the malformed entry without echoing any key", () => {
    const good = key();
    const raw = key();
    const issues = issuesOf(() =>
      parseConfig("web", webEnvSchema, { ...valid, SKYPORT_KEK: `new:${good},${raw}` }),
    );
    expect(issues).toEqual([
      { variable: "SKYPORT_KEK", message: expect.stringMatching(/^entry 2 has no key id/) },
    ]);
    const text = JSON.stringify(issues);
    expect(text).not.toContain(good);
    expect(text).not.toContain(raw);
    const short = randomBytes(24).toString("base64");
    expect(
      issuesOf(() => parseConfig("worker", workerEnvSchema, { ...valid, SKYPORT_KEK: `k:${short}` })),
    ).toEqual([
      {
        variable: "SKYPORT_KEK",
        message: expect.stringContaining('entry 1 (id "k"): the key must be 32 bytes, got 24'),
      },
    ]);
  });
});
