import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli, type StubServer, startStubServer, unusedPort } from "./helpers.ts";

const healthy = {
  status: "ok",
  db: "ok",
  redis: "ok",
  worker: "ok",
  version: "0.1.0-test",
  failing: [],
};

const dbDown = {
  status: "error",
  db: "unreachable",
  redis: "ok",
  worker: "stale",
  version: "0.1.0-test",
  failing: ["db"],
};

let server: StubServer;

beforeAll(async () => {
  server = await startStubServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.respond({ status: 200, body: healthy });
});

describe("skyport status", () => {
  it("prints a healthy report as a table and exits 0", async () => {
    const result = await runCli(["status", "--api-url", server.url]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]?.split(/\s{2,}/)).toEqual(["STATUS", "POSTGRESQL", "REDIS", "WORKER", "VERSION"]);
    expect(lines[1]?.split(/\s{2,}/)).toEqual(["ok", "ok", "ok", "ok", "0.1.0-test"]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "GET", path: "/api/health" });
    expect(server.requests[0]?.headers["user-agent"]).toMatch(/^skyport-cli\/\d+\.\d+\.\d+/);
  });

  it("prints the report as JSON with -o json", async () => {
    const result = await runCli(["status", "--api-url", server.url, "-o", "json"]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(healthy);
  });

  it("prints the report as YAML with --output yaml, given before the command", async () => {
    const result = await runCli(["--output", "yaml", "status", "--api-url", server.url]);

    expect(result.code).toBe(0);
    expect(parseYaml(result.stdout)).toEqual(healthy);
  });

  it("reads the API URL from SKYPORT_API_URL and keeps its path prefix", async () => {
    const result = await runCli(["status", "-o", "json"], { SKYPORT_API_URL: `${server.url}/skyport/` });

    expect(result.code).toBe(0);
    expect(server.requests[0]?.path).toBe("/skyport/api/health");
  });

  it("shows the report and exits 1 when the server answers 503", async () => {
    server.respond({ status: 503, body: dbDown });

    const result = await runCli(["status", "--api-url", server.url]);

    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[1]?.split(/\s{2,}/)).toEqual([
      "error",
      "unreachable",
      "ok",
      "stale",
      "0.1.0-test",
    ]);
    expect(result.stderr).toContain(
      `error: Skyport at ${server.url} is unhealthy: PostgreSQL is unreachable`,
    );
  });

  it("still prints parseable JSON on 503 so scripts can inspect it", async () => {
    server.respond({ status: 503, body: dbDown });

    const result = await runCli(["status", "--api-url", server.url, "-o", "json"]);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual(dbDown);
  });

  it("warns on stderr, but exits 0, when the worker is stale", async () => {
    server.respond({ status: 200, body: { ...healthy, worker: "stale" } });

    const result = await runCli(["status", "--api-url", server.url]);

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: the worker has stopped sending heartbeats/);
  });

  it("exits 1 naming the URL it tried when nothing listens there", async () => {
    const port = await unusedPort();

    const result = await runCli(["status", "--api-url", `http://127.0.0.1:${port}`]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`http://127.0.0.1:${port}/api/health`);
    expect(result.stderr).toContain("connection refused");
  });

  it("reports the server's error message and code for a non-503 error", async () => {
    server.respond({ status: 500, body: { error: { code: "INTERNAL", message: "something broke" } } });

    const result = await runCli(["status", "--api-url", server.url]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("something broke");
    expect(result.stderr).toContain("HTTP 500 INTERNAL");
  });

  it("exits 1 when a 503 carries no health report (a proxy in front of Skyport)", async () => {
    server.respond({ status: 503, body: "upstream unavailable" });

    const result = await runCli(["status", "--api-url", server.url]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("service unavailable (HTTP 503");
  });

  it("fits the table to the terminal width", async () => {
    server.respond({ status: 200, body: { ...healthy, version: "0.1.0-a-very-long-prerelease-build-tag" } });

    const result = await runCli(["status", "--api-url", server.url], { COLUMNS: "50" });

    expect(result.code).toBe(0);
    for (const line of result.stdout.trimEnd().split("\n")) expect([...line].length).toBeLessThanOrEqual(50);
    expect(result.stdout).toContain("…");
  });
});

describe("usage errors exit 2 with commander's message", () => {
  it("rejects an unknown --output value", async () => {
    const result = await runCli(["status", "--api-url", server.url, "-o", "nonsense"]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("argument 'nonsense' is invalid. Allowed choices are table, json, yaml.");
    expect(server.requests).toHaveLength(0);
  });

  it("rejects an unknown option", async () => {
    const result = await runCli(["status", "--no-such-option"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-option'");
  });

  it("does not echo the value of a mistyped option (it may be a secret)", async () => {
    const result = await runCli(["status", "--vaule=s3cret-canary"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--vaule=…'");
    expect(result.stderr).not.toContain("s3cret-canary");
  });

  it("rejects an unknown command", async () => {
    const result = await runCli(["stauts"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'stauts'");
    expect(result.stderr).toContain("(Did you mean status?)");
  });

  it("rejects an --api-url that is not an http(s) URL", async () => {
    const result = await runCli(["status", "--api-url", "localhost:3000"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("must be an http:// or https:// URL");
  });

  it("shows help and exits 2 when no command is given", async () => {
    const result = await runCli([]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: skyport");
  });
});

describe("help and version", () => {
  it("prints help with the status command and exits 0", async () => {
    const result = await runCli(["--help"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: skyport");
    expect(result.stdout).toContain("status");
    expect(result.stdout).toContain("SKYPORT_API_URL");
  });

  it("prints the package version", async () => {
    const { version } = (await import("../package.json", { with: { type: "json" } })).default;

    const result = await runCli(["--version"]);

    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});
