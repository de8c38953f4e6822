// AIRFLOW_CONN_<ID> values: Airflow's URI form where it reads back exactly, JSON otherwise.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AirflowConnectionFields, airflowConnectionValue, fitsUriForm } from "../src/index.ts";

const base: AirflowConnectionFields = {
  connType: "postgres",
  host: "db.example.com",
  port: 5432,
  login: "etl",
  password: "s3cret",
  schema: "analytics",
  extra: { sslmode: "require" },
};

/** Reads a URI the way Airflow's Connection._parse_from_uri does (for the forms we emit). */
function readLikeAirflow(uri: string): AirflowConnectionFields {
  const url = new URL(uri);
  const decode = (text: string) => (text === "" ? null : decodeURIComponent(text));
  const extra: Record<string, string> = {};
  for (const pair of url.search.slice(1).split("&").filter(Boolean)) {
    const [key = "", value = ""] = pair.split("=");
    // defineProperty, as Python's dict would: "__proto__" is an ordinary key there.
    Object.defineProperty(extra, decodeURIComponent(key), {
      value: decodeURIComponent(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    connType: url.protocol.slice(0, -1).replaceAll("-", "_"),
    host: url.hostname.toLowerCase(),
    port: url.port === "" ? null : Number(url.port),
    login: decode(url.username),
    password: decode(url.password),
    schema: decode(url.pathname.slice(1)),
    extra: Object.keys(extra).length > 0 ? extra : null,
  };
}

describe("airflowConnectionValue", () => {
  it("writes the familiar URI for a plain connection", () => {
    expect(airflowConnectionValue(base)).toBe(
      "postgres://etl:s3cret@db.example.com:5432/analytics?sslmode=require",
    );
  });

  it("percent-encodes login, password, schema and extras so separators cannot break the URI", () => {
    const tricky: AirflowConnectionFields = {
      ...base,
      login: "us@r:name",
      password: "p@ss:w/rd?#&+ ünï",
      schema: "db/with space",
      extra: { "a&b": "1+1=2", plain: "x y" },
    };
    const uri = airflowConnectionValue(tricky);
    expect(uri).not.toContain("+");
    expect(uri.split("@")).toHaveLength(2);
    expect(readLikeAirflow(uri)).toEqual(tricky);
  });

  it("turns underscores of the type into '-' in the scheme, as Airflow expects", () => {
    const uri = airflowConnectionValue({ ...base, connType: "google_cloud_platform", extra: null });
    expect(uri.startsWith("google-cloud-platform://")).toBe(true);
    expect(readLikeAirflow(uri).connType).toBe("google_cloud_platform");
  });

  it.each<[string, Partial<AirflowConnectionFields>]>([
    ["a nested extra", { extra: { keyfile_dict: { type: "service_account" } } }],
    ["a non-string extra", { extra: { timeout: 30, verify: false } }],
    ["an extra using Airflow's __extra__ marker", { extra: { __extra__: "x" } }],
    ["no host", { host: null }],
    ["an upper-case host (urlsplit lower-cases it)", { host: "DB.Example.com" }],
    ["an IPv6 host", { host: "::1" }],
    ["a password without a login", { login: null }],
    ["a type with a hyphen (Airflow would read '_')", { connType: "my-type" }],
    ["a schema that is a dot segment", { schema: ".." }],
  ])("uses JSON for %s", (_what, change) => {
    const connection = { ...base, ...change };
    expect(fitsUriForm(connection)).toBe(false);
    const value = airflowConnectionValue(connection);
    const parsed = JSON.parse(value);
    expect(parsed.conn_type).toBe(connection.connType);
    expect(parsed.password ?? null).toBe(connection.password);
    expect(parsed.extra ?? null).toEqual(connection.extra);
  });

  it("leaves empty fields out of the JSON form", () => {
    const value = airflowConnectionValue({
      connType: "aws",
      host: null,
      port: null,
      login: null,
      password: null,
      schema: null,
      extra: { region_name: "eu-west-1", config_kwargs: { retries: { max_attempts: 3 } } },
    });
    expect(JSON.parse(value)).toEqual({
      conn_type: "aws",
      extra: { region_name: "eu-west-1", config_kwargs: { retries: { max_attempts: 3 } } },
    });
  });

  it("reads back exactly whenever the URI form is chosen", () => {
    const text = fc.string({ minLength: 1, maxLength: 20 });
    const connection = fc.record({
      connType: fc.constantFrom("postgres", "http", "google_cloud_platform", "snowflake"),
      host: fc.constantFrom("db.example.com", "10.1.2.3", "warehouse", "a-b.c"),
      port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }),
      login: fc.option(text, { nil: null }),
      password: fc.option(text, { nil: null }),
      schema: fc.option(text, { nil: null }),
      extra: fc.option(fc.dictionary(text, text, { maxKeys: 3 }), { nil: null }),
    });
    fc.assert(
      fc.property(connection, (c) => {
        fc.pre(fitsUriForm(c));
        const read = readLikeAirflow(airflowConnectionValue(c));
        const extra = c.extra && Object.keys(c.extra).length > 0 ? c.extra : null;
        expect(read).toEqual({ ...c, extra });
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic: the same fields give the same value whatever the extra's key order", () => {
    const a = airflowConnectionValue({ ...base, extra: { b: "2", a: "1" } });
    const b = airflowConnectionValue({ ...base, extra: { a: "1", b: "2" } });
    expect(a).toBe(b);
    const jsonA = airflowConnectionValue({ ...base, extra: { b: 2, a: { y: 1, x: 2 } } });
    const jsonB = airflowConnectionValue({ ...base, extra: { a: { x: 2, y: 1 }, b: 2 } });
    expect(jsonA).toBe(jsonB);
  });
});
