import { ConfigError } from "@skyport/config";
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
