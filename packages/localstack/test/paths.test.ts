// The `npm start` banner names where embedded PostgreSQL keeps its data: under the state
// directory actually in use (SKYPORT_STATE_DIR), not always .skyport.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, stateFolderLabel } from "../src/paths.ts";

describe("stateFolderLabel", () => {
  it("names a folder of the default state directory relative to the repository", () => {
    expect(stateFolderLabel("postgres", path.join(REPO_ROOT, ".skyport"))).toBe(
      path.join(".skyport", "postgres"),
    );
  });

  it("names a folder of a state directory elsewhere (SKYPORT_STATE_DIR) by its absolute path", () => {
    expect(stateFolderLabel("postgres", "/var/lib/skyport")).toBe("/var/lib/skyport/postgres");
  });
});
