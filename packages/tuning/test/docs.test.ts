import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rulesMarkdownTable } from "../src/rules-table.ts";

describe("docs/tuning.md", () => {
  it("lists every rule with its signal, threshold, window and source as the code has them", () => {
    const doc = readFileSync(new URL("../../../docs/tuning.md", import.meta.url), "utf8");
    // Biome pads Markdown tables; compare cell by cell.
    const normalise = (text: string) => text.replace(/ *\| */g, "|").replace(/-{3,}/g, "---");
    expect(normalise(doc)).toContain(normalise(rulesMarkdownTable()));
  });
});
