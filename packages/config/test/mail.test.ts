import { type ConfigError, mailSettings, parseConfig, webEnvSchema, workerEnvSchema } from "@skyport/config";
import { describe, expect, it } from "vitest";
import { issuesOf, validEnv as valid } from "./support.ts";

describe("mail settings group", () => {
  it("uses the development mailbox when SMTP is not configured", () => {
    const config = parseConfig("worker", workerEnvSchema, valid);
    expect(mailSettings(config)).toMatchObject({ transport: "mailbox" });
  });

  it("uses SMTP when both SMTP_URL and SMTP_FROM are set", () => {
    const config = parseConfig("web", webEnvSchema, {
      ...valid,
      SMTP_URL: "smtps://skyport:secret@mail.example.com:465",
      SMTP_FROM: "Skyport <skyport@example.com>",
    });
    expect(mailSettings(config)).toEqual({
      transport: "smtp",
      url: "smtps://skyport:secret@mail.example.com:465",
      from: "Skyport <skyport@example.com>",
    });
  });

  it("refuses a half-configured group, naming the missing variable", () => {
    for (const schema of [webEnvSchema, workerEnvSchema]) {
      expect(
        issuesOf(() => parseConfig("svc", schema, { ...valid, SMTP_URL: "smtp://mail.example.com" })),
      ).toEqual([{ variable: "SMTP_FROM", message: "is required when SMTP_URL is set" }]);
      expect(
        issuesOf(() => parseConfig("svc", schema, { ...valid, SMTP_FROM: "skyport@example.com" }))[0]
          ?.variable,
      ).toBe("SMTP_URL");
    }
  });

  it("refuses a URL that is not SMTP and a sender that is not an address, without echoing values", () => {
    const error = (() => {
      try {
        parseConfig("web", webEnvSchema, {
          ...valid,
          SMTP_URL: "https://user:hunter2@mail.example.com",
          SMTP_FROM: "nobody",
        });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.issues.map((i) => i.variable)).toEqual(["SMTP_URL", "SMTP_FROM"]);
    expect(error?.message).not.toContain("hunter2");
  });
});
