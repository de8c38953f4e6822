import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rulesMarkdownTable } from "../src/rules-table.ts";

describe("docs/tuning.md", () => {
  it("lists every rule with its signal, threshold, window and source as the code has them", () => {
    const doc = readFileSync(new URL("../../../docs/tuning.md", import.meta.url), "utf8");
    expect(doc).toContain(rulesMarkdownTable());
  });
});
