// The authorization matrix: every tRPC procedure, called as every persona (one per role,
// plus a member of another organization), must answer exactly what the permission table
// says. A procedure without a permission in its meta, or without a fixture here, fails.
import { type Action, allows, isAction, PERMISSIONS } from "@skyport/domain";
import { buildWorld, PERSONAS, type Persona, type World } from "@skyport/testing";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appRouter } from "../src/server/trpc/router.ts";
import { MATRIX_INPUTS } from "./matrix-inputs.ts";
import { callerAs, createTestServices } from "./support.ts";

const services = await createTestServices();
const { db } = services;

interface ProcedureInfo {
  path: string;
  type: "query" | "mutation" | "subscription";
  permission: string | undefined;
  /** The fixture's key: the path, or `path@deployment` / `path@workspace` for owner procedures. */
  fixture: string;
}

type DeclaredPermission = string | { byOwner: Record<"deployment" | "workspace", string> };

// A procedure whose input names an owner (a deployment's or a workspace's environment) declares
// one permission per owner kind; it is checked once per owner, each against its own permission.
const procedures: ProcedureInfo[] = Object.entries(
  (
    appRouter as unknown as {
      _def: {
        procedures: Record<
          string,
          { _def: { type: ProcedureInfo["type"]; meta?: { permission?: DeclaredPermission } } }
        >;
      };
    }
  )._def.procedures,
).flatMap(([path, procedure]) => {
  const permission = procedure._def.meta?.permission;
  const type = procedure._def.type;
  if (typeof permission === "object") {
    return Object.entries(permission.byOwner).map(([owner, action]) => ({
      path,
      type,
      permission: action,
      fixture: `${path}@${owner}`,
    }));
  }
  return [{ path, type, permission, fixture: path }];
});

/** Each persona's roles in the world, written out by hand (the oracle's input). */
const ROLES: Record<Exclude<Persona, "outsider">, Parameters<typeof allows>[1]> = {
  organizationOwner: {
    organizationRole: "ORGANIZATION_OWNER",
    workspaceRole: "WORKSPACE_OWNER",
    deploymentRole: null,
  },
  billingAdmin: { organizationRole: "ORGANIZATION_BILLING_ADMIN", workspaceRole: null, deploymentRole: null },
  organizationMember: { organizationRole: "ORGANIZATION_MEMBER", workspaceRole: null, deploymentRole: null },
  workspaceOwner: {
    organizationRole: "ORGANIZATION_MEMBER",
    workspaceRole: "WORKSPACE_OWNER",
    deploymentRole: null,
  },
  workspaceOperator: {
    organizationRole: "ORGANIZATION_MEMBER",
    workspaceRole: "WORKSPACE_OPERATOR",
    deploymentRole: null,
  },
  workspaceAuthor: {
    organizationRole: "ORGANIZATION_MEMBER",
    workspaceRole: "WORKSPACE_AUTHOR",
    deploymentRole: null,
  },
  workspaceMember: {
    organizationRole: "ORGANIZATION_MEMBER",
    workspaceRole: "WORKSPACE_MEMBER",
    deploymentRole: null,
  },
  teamWorkspaceOperator: {
    organizationRole: "ORGANIZATION_MEMBER",
    workspaceRole: "WORKSPACE_OPERATOR",
    deploymentRole: null,
  },
  deploymentAdmin: {
    organizationRole: "ORGANIZATION_MEMBER",
    workspaceRole: null,
    deploymentRole: "DEPLOYMENT_ADMIN",
  },
};

function expected(action: Action, persona: Persona): "allowed" | "FORBIDDEN" | "NOT_FOUND" {
  if (persona === "outsider") return "NOT_FOUND";
  return allows(PERMISSIONS[action], ROLES[persona]) ? "allowed" : "FORBIDDEN";
}

/** "allowed" when authorization passed; `succeeded` tells a completed call from a later refusal. */
async function call(
  world: World,
  persona: Persona,
  path: string,
  input: unknown,
): Promise<{ outcome: "allowed" | string; succeeded: boolean }> {
  const caller = await callerAs(services, world.actor(persona));
  const fn = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    await fn(input);
    return { outcome: "allowed", succeeded: true };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    // Authorization passed if the procedure failed for another reason (e.g. a conflict).
    const refused = error.code === "FORBIDDEN" || error.code === "NOT_FOUND" || error.code === "UNAUTHORIZED";
    return { outcome: refused ? error.code : "allowed", succeeded: false };
  }
}

async function auditCount(organizationIds: string[]): Promise<number> {
  return db.auditEvent.count({ where: { organizationId: { in: organizationIds } } });
}

describe("authorization matrix", () => {
  it("every procedure declares a permission from the table (or public/authenticated)", () => {
    expect(procedures.length).toBeGreaterThan(0);
    const undeclared = procedures.filter(
      (p) =>
        !p.permission ||
        !(isAction(p.permission) || p.permission === "public" || p.permission === "authenticated"),
    );
    expect(undeclared.map((p) => p.path)).toEqual([]);
  });

  const checked = procedures.filter((p) => p.permission && isAction(p.permission));

  it("every permission-checked procedure has a matrix fixture", () => {
    expect(checked.filter((p) => !MATRIX_INPUTS[p.fixture]).map((p) => p.fixture)).toEqual([]);
  });

  let sharedWorld: Promise<World> | undefined;

  for (const procedure of checked) {
    const action = procedure.permission as Action;
    const fixture = MATRIX_INPUTS[procedure.fixture];
    if (!fixture) continue;
    it(`${procedure.fixture} (${action}) answers each persona as the table says`, async () => {
      const outcomes: Record<string, string> = {};
      const wanted: Record<string, string> = {};
      for (const persona of PERSONAS) {
        // Mutations get a fresh world each, so one persona's change cannot affect the next.
        if (!sharedWorld) sharedWorld = buildWorld(db);
        const world = procedure.type === "mutation" ? await buildWorld(db) : await sharedWorld;
        const input = await fixture(world, db);
        const orgs = [world.organizationId, world.otherOrganizationId];
        const before = procedure.type === "mutation" ? await auditCount(orgs) : 0;
        const { outcome, succeeded } = await call(world, persona, procedure.path, input);
        outcomes[persona] = outcome;
        wanted[persona] = expected(action, persona);
        if (procedure.type === "mutation") {
          const written = (await auditCount(orgs)) - before;
          // Exactly one audit event per successful change; none for a refused or failed one.
          expect(written, `${persona}: ${succeeded ? "one audit event" : "no audit event"}`).toBe(
            succeeded ? 1 : 0,
          );
        }
      }
      expect(outcomes).toEqual(wanted);
    });
  }
});
