import { Writable } from "node:stream";
import { createLogger, redactUrl } from "@skyport/logger";
import { describe, expect, it } from "vitest";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString().trim().split("\n"));
      callback();
    },
  });
  return { lines, destination };
}

describe("logger", () => {
  it("writes one JSON object per line with service, level and time", () => {
    const { lines, destination } = capture();
    createLogger({ name: "web", destination }).info({ requestId: "r-1" }, "hello");
    const entry = JSON.parse(lines[0] ?? "{}");
    expect(entry).toMatchObject({ service: "web", level: "info", msg: "hello", requestId: "r-1" });
    expect(new Date(entry.time).toString()).not.toBe("Invalid Date");
  });

  it("redacts secrets wherever they appear in known fields", () => {
    const { lines, destination } = capture();
    createLogger({ name: "web", destination }).info(
      {
        password: "pw-1",
        user: { password: "pw-2", token: "tok-3" },
        headers: { authorization: "Bearer x" },
      },
      "login",
    );
    expect(lines.join("\n")).not.toMatch(/pw-1|pw-2|tok-3|Bearer x/);
    expect(lines[0]).toContain("[redacted]");
  });

  it("removes passwords and query strings from connection URLs", () => {
    expect(redactUrl("postgresql://skyport:s3cret@db:5432/app?sslpassword=x")).toBe(
      "postgresql://skyport:***@db:5432/app",
    );
    expect(redactUrl("redis://cache:6379")).toBe("redis://cache:6379");
    expect(redactUrl("not a url with s3cret")).toBe("[unparseable url]");
  });
});
