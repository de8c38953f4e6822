import { generateKeyPairSync } from "node:crypto";
import { parseConfig, webEnvSchema, workerEnvSchema } from "@skyport/config";
import { describe, expect, it } from "vitest";
import { issuesOf, validEnv as valid } from "./support.ts";

describe("configuration", () => {
  it("applies defaults to a minimal valid environment", () => {
    expect(parseConfig("web", webEnvSchema, valid)).toMatchObject({ PORT: 3000, LOG_LEVEL: "info" });
    expect(parseConfig("worker", workerEnvSchema, valid)).toMatchObject({ WORKER_CONCURRENCY: 4 });
  });

  it("serves Airflow UIs under SKYPORT_BASE_DOMAIN: a bare domain name, skyport.localhost by default", () => {
    expect(parseConfig("web", webEnvSchema, valid).SKYPORT_BASE_DOMAIN).toBe("skyport.localhost");
    expect(
      parseConfig("web", webEnvSchema, { ...valid, SKYPORT_BASE_DOMAIN: "Airflow.Example.com" })
        .SKYPORT_BASE_DOMAIN,
    ).toBe("airflow.example.com");
    for (const bad of ["https://airflow.example.com", "airflow.example.com/ui", "-bad.example.com", "a..b"]) {
      const issues = issuesOf(() => parseConfig("web", webEnvSchema, { ...valid, SKYPORT_BASE_DOMAIN: bad }));
      expect(issues.map((i) => i.variable)).toEqual(["SKYPORT_BASE_DOMAIN"]);
    }
  });

  it("names every missing variable, not only the first", () => {
    const issues = issuesOf(() => parseConfig("web", webEnvSchema, {}));
    expect(issues.map((i) => i.variable).sort()).toEqual([
      "DATABASE_URL",
      "REDIS_URL",
      "SKYPORT_KEK",
      "SKYPORT_SECRET",
    ]);
    expect(issues.every((i) => i.message === "is required")).toBe(true);
  });

  it("names a malformed DATABASE_URL and PORT without echoing their values", () => {
    const secretish = "mysql://root:hunter2@db/x";
    const issues = issuesOf(() =>
      parseConfig("web", webEnvSchema, { ...valid, DATABASE_URL: secretish, PORT: "80a" }),
    );
    expect(issues.map((i) => i.variable).sort()).toEqual(["DATABASE_URL", "PORT"]);
    const error = (() => {
      try {
        parseConfig("web", webEnvSchema, { ...valid, DATABASE_URL: secretish });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain("DATABASE_URL: must be a PostgreSQL URL");
    expect(error?.message).not.toContain("hunter2");
  });

  it("rejects out-of-range ports and unknown log levels", () => {
    expect(issuesOf(() => parseConfig("web", webEnvSchema, { ...valid, PORT: "70000" }))[0]).toEqual({
      variable: "PORT",
      message: "must be between 1 and 65535",
    });
    expect(
      issuesOf(() => parseConfig("web", webEnvSchema, { ...valid, LOG_LEVEL: "loud" }))[0]?.variable,
    ).toBe("LOG_LEVEL");
  });

  it("names the unit and the range of whole-number settings", () => {
    const issue = (variable: string, value: string) =>
      issuesOf(() => parseConfig("web", webEnvSchema, { ...valid, [variable]: value }))[0];
    expect(issue("SKYPORT_TRUSTED_PROXIES", "11")).toEqual({
      variable: "SKYPORT_TRUSTED_PROXIES",
      message: "must be between 0 and 10",
    });
    expect(issue("SKYPORT_BUNDLE_MAX_MIB", "1.5")?.message).toBe("must be a whole number of MiB");
    expect(issue("SKYPORT_DEPLOY_ROLLOUT_TIMEOUT_SECONDS", "soon")?.message).toBe(
      "must be a number of seconds",
    );
    expect(parseConfig("web", webEnvSchema, valid).SKYPORT_BUNDLE_MAX_MIB).toBe(100);
  });

  it("refuses a short SKYPORT_SECRET without echoing it", () => {
    const issues = issuesOf(() =>
      parseConfig("web", webEnvSchema, { ...valid, SKYPORT_SECRET: "short-s3cret" }),
    );
    expect(issues).toEqual([{ variable: "SKYPORT_SECRET", message: expect.stringContaining("at least 32") }]);
    expect(JSON.stringify(issues)).not.toContain("short-s3cret");
  });

  it("treats empty variables as unset", () => {
    expect(parseConfig("web", webEnvSchema, { ...valid, PORT: "" }).PORT).toBe(3000);
  });
});

describe("audit anchoring settings", () => {
  const base = valid;

  it("accepts an Ed25519 private key and refuses another kind of key, naming the variable", () => {
    const ed25519 = generateKeyPairSync("ed25519")
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    expect(workerEnvSchema.safeParse({ ...base, SKYPORT_AUDIT_SIGNING_KEY: ed25519 }).success).toBe(true);
    const refused = workerEnvSchema.safeParse({ ...base, SKYPORT_AUDIT_SIGNING_KEY: rsa });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({
      path: ["SKYPORT_AUDIT_SIGNING_KEY"],
      message: "must be an Ed25519 private key in PEM (-----BEGIN PRIVATE KEY----- …)",
    });
  });

  it("needs the SIEM URL and its signing secret together", () => {
    const secret = `whsec_${Buffer.alloc(32, 2).toString("base64")}`;
    const both = {
      ...base,
      SKYPORT_AUDIT_SIEM_URL: "https://siem.example.com/in",
      SKYPORT_AUDIT_SIEM_SECRET: secret,
    };
    expect(workerEnvSchema.safeParse(both).success).toBe(true);
    const urlOnly = workerEnvSchema.safeParse({
      ...base,
      SKYPORT_AUDIT_SIEM_URL: "https://siem.example.com/in",
    });
    expect(urlOnly.error?.issues.map((issue) => issue.path)).toEqual([["SKYPORT_AUDIT_SIEM_SECRET"]]);
  });
});
