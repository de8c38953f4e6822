// The console's answers to people who may not see something: a workspace-less organization
// member opening a deployment (or its environment) gets the "no access" page (HTTP 403), not a
// crash; the sidebar offers only the sections the person can use.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildWorld } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { consoleSections } from "@/components/console/sections.ts";
import { loadForPage, loadUnlessRefused, REFUSED } from "@/server/trpc/server-caller.ts";
import nextConfig from "../next.config.ts";
import { callerAs, createTestServices } from "./support.ts";

// `next build` compiles this in from experimental.authInterrupts (asserted below); forbidden()
// refuses to run without it.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

const services = await createTestServices();
const FORBIDDEN_PAGE = "NEXT_HTTP_ERROR_FALLBACK;403";
const NOT_FOUND_PAGE = "NEXT_HTTP_ERROR_FALLBACK;404";

async function digestOf(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "rendered",
    (error: unknown) => (error as { digest?: string }).digest ?? `crash: ${String(error)}`,
  );
}

describe("a page the caller may not see", () => {
  it("renders the console's no-access page for a member without a workspace role, not a 500", async () => {
    expect(nextConfig.experimental?.authInterrupts).toBe(true);
    const world = await buildWorld(services.db);
    const member = await callerAs(services, world.actor("organizationMember"));
    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    // The deployment page and the deployment's environment pages load the deployment this way.
    expect(await digestOf(loadForPage(member.deployment.get(ref)))).toBe(FORBIDDEN_PAGE);
    expect(
      await digestOf(
        loadForPage(
          member.workspace.get({ organizationId: world.organizationId, workspaceId: world.workspaceId }),
        ),
      ),
    ).toBe(FORBIDDEN_PAGE);
    // Another tenant's deployment stays a plain 404.
    const outsider = await callerAs(services, world.actor("outsider"));
    expect(await digestOf(loadForPage(outsider.deployment.get(ref)))).toBe(NOT_FOUND_PAGE);
  });

  it("lets pages that explain a refusal in their own words have it as REFUSED", async () => {
    const world = await buildWorld(services.db);
    const member = await callerAs(services, world.actor("organizationMember"));
    expect(
      await loadUnlessRefused(member.audit.list({ organizationId: world.organizationId, limit: 5 })),
    ).toBe(REFUSED);
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const page = await loadUnlessRefused(
      owner.audit.list({ organizationId: world.organizationId, limit: 5 }),
    );
    expect(page).not.toBe(REFUSED);
  });
});

describe("a refusal answers with its own HTTP status", () => {
  const app = join(import.meta.dirname, "../app");

  it("decides access in layouts that no loading boundary wraps, so the 403 comes before any streaming", () => {
    // A loading.tsx at or above a segment's parent wraps that segment's layout in Suspense: the
    // response would start as 200 before forbidden() could set 403 (the no-access page of a
    // workspace-less member used to answer 200).
    for (const [parent, segment, loader] of [
      ["deployments", "[deploymentId]", "loadDeployment("],
      ["workspaces", "[workspaceId]", "loadWorkspace("],
    ] as const) {
      const layout = readFileSync(join(app, "orgs/[organizationId]", parent, segment, "layout.tsx"), "utf8");
      expect(layout).toContain(loader);
      for (const above of ["", "orgs", "orgs/[organizationId]", `orgs/[organizationId]/${parent}`]) {
        expect(existsSync(join(app, above, "loading.tsx")), `app/${above}/loading.tsx`).toBe(false);
      }
    }
  });
});

describe("the sidebar offers what the person can use", () => {
  const segments = (access: Parameters<typeof consoleSections>[0]) =>
    consoleSections(access).map((section) => section.segment);

  // What every member has; the roles below add to it.
  const everyone = ["workspaces", "failing-dags", "teams", "members"];

  it("a member with no workspace role: no audit log, no API tokens", () => {
    const memberSections = [...everyone, "notification-channels", "settings"];
    expect(segments({ organizationRole: "ORGANIZATION_MEMBER", workspaceRoles: [] })).toEqual(memberSections);
    expect(
      segments({ organizationRole: "ORGANIZATION_MEMBER", workspaceRoles: ["WORKSPACE_OPERATOR"] }),
    ).toEqual(memberSections);
  });

  it("a workspace owner manages its tokens; only organization owners read the audit log", () => {
    expect(
      segments({ organizationRole: "ORGANIZATION_MEMBER", workspaceRoles: ["WORKSPACE_OWNER"] }),
    ).toEqual([...everyone, "api-tokens", "notification-channels", "settings"]);
    expect(segments({ organizationRole: "ORGANIZATION_OWNER", workspaceRoles: [] })).toEqual([
      ...everyone,
      "api-tokens",
      "notification-channels",
      "audit-log",
      "billing",
      "settings",
    ]);
  });

  it("billing admins and owners see Billing; members do not", () => {
    expect(segments({ organizationRole: "ORGANIZATION_BILLING_ADMIN", workspaceRoles: [] })).toEqual([
      ...everyone,
      "notification-channels",
      "billing",
      "settings",
    ]);
    expect(segments({ organizationRole: "ORGANIZATION_MEMBER", workspaceRoles: [] })).not.toContain(
      "billing",
    );
  });
});
