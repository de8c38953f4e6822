import { authorize, type Db } from "../authz/authorize.ts";
import type { Actor } from "../shared/actor.ts";
import { ConflictError, NotFoundError, UnauthenticatedError } from "../shared/errors.ts";
import { type MutationContext, mutate, mutateWithoutRole } from "../shared/mutation.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import type {
  CreateOrganizationInput,
  Organization,
  OrganizationDetails,
  OrganizationSummary,
  RenameOrganizationInput,
} from "./organizations.types.ts";
import { organizationSlugCandidates } from "./slug.ts";

export type { OrganizationDetails, OrganizationSummary };

/**
 * The organizations the actor belongs to, by name: a user's memberships, or for an API
 * token the one organization it belongs to.
 */
export async function listMyOrganizations(db: Db, actor: Actor): Promise<OrganizationSummary[]> {
  switch (actor.type) {
    case "user": {
      const memberships = await db.organizationMembership.findMany({
        where: { userId: actor.userId },
        select: { role: true, organization: { select: { id: true, name: true, slug: true } } },
        orderBy: { organization: { name: "asc" } },
      });
      return memberships.map((m) => ({ ...m.organization, role: m.role }));
    }
    case "apiToken": {
      const organization = await db.organization.findUnique({
        where: { id: actor.organizationId },
        select: { id: true, name: true, slug: true },
      });
      return organization ? [{ ...organization, role: null }] : [];
    }
    case "system":
      return [];
    default: {
      const exhaustive: never = actor;
      return exhaustive;
    }
  }
}

export async function getOrganization(
  db: Db,
  actor: Actor,
  organizationId: string,
): Promise<OrganizationDetails> {
  await authorize(db, actor, "organization.read", { organizationId });
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { id: true, name: true, slug: true, createdAt: true, _count: { select: { memberships: true } } },
  });
  if (!organization) throw new NotFoundError("organization");
  const { _count, ...rest } = organization;
  return { ...rest, memberCount: _count.memberships };
}

/**
 * Creates an organization row with a unique slug derived from its name. Runs inside the
 * caller's transaction; a slug collision with a concurrent insert is retried with the next
 * candidate under a savepoint-free approach: candidates are checked first, and the unique
 * index still guards the race (the caller's transaction then fails with a clear conflict).
 */
export async function insertOrganization(
  tx: Db,
  name: string,
): Promise<{ id: string; name: string; slug: string }> {
  for (const slug of organizationSlugCandidates(name)) {
    const taken = await tx.organization.findUnique({ where: { slug }, select: { id: true } });
    if (taken) continue;
    try {
      return await tx.organization.create({
        data: { name, slug },
        select: { id: true, name: true, slug: true },
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(
          "another organization was created with the same name at the same moment; try again",
          "organizationName",
        );
      throw error;
    }
  }
  throw new ConflictError("could not find a free handle for this organization name", "organizationName");
}

/** Any signed-in user may create an organization; they become its owner. */
export async function createOrganization(
  ctx: MutationContext,
  input: CreateOrganizationInput,
): Promise<Organization> {
  if (ctx.actor.type !== "user") throw new UnauthenticatedError("sign in to create an organization");
  const userId = ctx.actor.userId;
  const { name } = input;
  return mutateWithoutRole(ctx, "organization-creation", async (tx) => {
    const organization = await insertOrganization(tx, name);
    await tx.organizationMembership.create({
      data: { organizationId: organization.id, userId, role: "ORGANIZATION_OWNER" },
    });
    return {
      result: organization,
      audit: {
        organizationId: organization.id,
        action: "organization.create",
        targets: [{ type: "organization", id: organization.id, label: organization.name }],
        metadata: { name: organization.name, slug: organization.slug },
      },
    };
  });
}

export async function renameOrganization(
  ctx: MutationContext,
  input: RenameOrganizationInput,
): Promise<Organization> {
  const { name } = input;
  return mutate(ctx, { permission: "organization.update", resource: input }, async (tx) => {
    const before = await tx.organization.findUnique({
      where: { id: input.organizationId },
      select: { name: true },
    });
    if (!before) throw new NotFoundError("organization");
    const organization = await tx.organization.update({
      where: { id: input.organizationId },
      data: { name },
      select: { id: true, name: true, slug: true },
    });
    return {
      result: organization,
      audit: {
        action: "organization.update",
        targets: [{ type: "organization", id: organization.id, label: organization.name }],
        metadata: { name: { from: before.name, to: organization.name } },
      },
    };
  });
}
