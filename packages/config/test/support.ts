import { ConfigError, parseConfig, webEnvSchema } from "@skyport/config";
import { expect } from "vitest";

/** The smallest environment every Skyport process accepts. */
export const validEnv = {
  DATABASE_URL: "postgresql://u:p@db:5432/skyport",
  REDIS_URL: "redis://cache:6379",
  SKYPORT_SECRET: "a-test-secret-that-is-long-enough-0123456789",
  SKYPORT_KEK: "test-kek:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
};

/** The issues of the ConfigError `parse` throws; fails the test when it throws none. */
export function issuesOf(parse: () => unknown) {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error("expected a ConfigError");
}

/**
 * A half-configured optional group: the web config names exactly the `missing` variables, says
 * `why` they are required, and never echoes the `secret` it was given.
 */
export function expectHalfConfigured(
  env: Record<string, string>,
  expected: { missing: string[]; why: string; secret: string },
) {
  const issues = issuesOf(() => parseConfig("web", webEnvSchema, env));
  expect(issues.map((i) => i.variable).sort()).toEqual(expected.missing);
  expect(issues[0]?.message).toContain(expected.why);
  expect(JSON.stringify(issues)).not.toContain(expected.secret);
}
