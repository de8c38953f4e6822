import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { API_DOCS_PATH, renderApiDocs } from "../../src/server/rest/reference-docs.ts";
import { REST_ROUTES } from "../../src/server/rest/routes/index.ts";

const committed = await readFile(new URL(`../../../../${API_DOCS_PATH}`, import.meta.url), "utf8");

describe("docs/api.md", () => {
  it("is exactly what the generator produces from the route table (run `npm run docs:api`)", () => {
    expect(committed).toBe(renderApiDocs());
  });

  it("lists every operation once", () => {
    for (const route of REST_ROUTES) {
      const rows = committed
        .split("\n")
        .filter((line) => line.startsWith(`| \`${route.method}\` | \`${route.path}\` |`));
      expect(rows, `${route.method} ${route.path}`).toHaveLength(1);
      expect(rows[0]).toContain(route.operationId);
    }
  });
});
