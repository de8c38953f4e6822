import { readFile } from "node:fs/promises";
import { PERMISSIONS } from "@skyport/domain";
import { describe, expect, it } from "vitest";
import { describeWhoMay, RBAC_DOCS_PATH, renderRbacDocs } from "../src/authz/rbac-docs.ts";

const committed = await readFile(new URL(`../../../${RBAC_DOCS_PATH}`, import.meta.url), "utf8");

describe("docs/rbac.md", () => {
  it("is exactly what the generator produces from the permission table (run `npm run docs:rbac`)", () => {
    expect(committed).toBe(renderRbacDocs());
  });

  it("lists every action once, with its description", () => {
    for (const [action, rule] of Object.entries(PERMISSIONS)) {
      const rows = committed.split("\n").filter((line) => line.startsWith(`| \`${action}\` |`));
      expect(rows, action).toHaveLength(1);
      expect(rows[0]).toContain(rule.description);
    }
  });

  it("spells out inherited and stronger roles", () => {
    expect(describeWhoMay(PERMISSIONS["deployment.create"])).toBe(
      "`WORKSPACE_OWNER`, `WORKSPACE_OPERATOR` of the workspace; `ORGANIZATION_OWNER` (as WORKSPACE_OWNER of every workspace)",
    );
    expect(describeWhoMay(PERMISSIONS["organization.leave"])).toContain("people only");
    expect(describeWhoMay(PERMISSIONS["deployment.update"])).toContain(
      "`DEPLOYMENT_ADMIN` of the deployment",
    );
  });
});
