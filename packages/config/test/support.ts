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
 * An optional group (every variable of `group`) with only `only` set: the web config names each
 * of the others as missing, says `why` they are required, and never echoes the value it was given.
 */
export function expectHalfConfigured(group: Record<string, string>, only: string, why: string) {
  const given = group[only] ?? "";
  const issues = issuesOf(() => parseConfig("web", webEnvSchema, { ...validEnv, [only]: given }));
  expect(issues.map((i) => i.variable).sort()).toEqual(
    Object.keys(group)
      .filter((key) => key !== only)
      .sort(),
  );
  expect(issues[0]?.message).toContain(why);
  expect(JSON.stringify(issues)).not.toContain(given);
}
