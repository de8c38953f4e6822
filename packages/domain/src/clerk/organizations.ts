import type { TransactionClient } from "@skyport/db";
import type { ClerkOrganization } from "./events.ts";
import {
  type DeliveryAudit,
  ensureOrganization,
  findMirroredOrganization,
  freeOrganizationSlug,
  organizationName,
} from "./mirror.ts";

/**
 * organization.created / organization.updated: upsert by Clerk organization id. The slug
 * follows Clerk's where it is free; a Skyport organization already holding it keeps it,
 * and the mirrored one gets a numbered variant (never a takeover by slug).
 */
export async function applyOrganizationUpsert(
  tx: TransactionClient,
  clerk: ClerkOrganization,
  audit: DeliveryAudit,
): Promise<void> {
  const existing = await findMirroredOrganization(tx, clerk.id);
  if (!existing) {
    await ensureOrganization(tx, clerk, audit);
    return;
  }
  const name = organizationName(clerk);
  const slug = clerk.slug ? await freeOrganizationSlug(tx, clerk.slug, existing.id) : existing.slug;
  if (name === existing.name && slug === existing.slug) return;
  await tx.organization.update({ where: { id: existing.id }, data: { name, slug } });
  await audit.record(
    existing.id,
    "organization.update",
    [{ type: "organization", id: existing.id, label: name }],
    {
      ...(name !== existing.name ? { name: { from: existing.name, to: name } } : {}),
      ...(slug !== existing.slug ? { slug: { from: existing.slug, to: slug } } : {}),
    },
  );
}

/**
 * organization.deleted: the Skyport organization goes too, with its workspaces, teams and
 * tokens, unless it still has deployments. Those are running Airflow runtimes with their
 * own data, to be deleted deliberately in Skyport, so the organization is kept and the
 * refusal recorded in its audit log.
 */
export async function applyOrganizationDeleted(
  tx: TransactionClient,
  clerkOrganizationId: string,
  audit: DeliveryAudit,
): Promise<void> {
  const organization = await tx.organization.findUnique({
    where: { clerkOrganizationId },
    select: { id: true, name: true },
  });
  if (!organization) return;
  // Creating a deployment takes a key-share lock on its organization's row; holding this
  // lock means none can appear between the count and the delete.
  await tx.$executeRaw`SELECT 1 FROM "Organization" WHERE "id" = ${organization.id} FOR UPDATE`;
  const deployments = await tx.deployment.count({ where: { organizationId: organization.id } });
  const target = { type: "organization", id: organization.id, label: organization.name };
  if (deployments > 0) {
    await audit.record(organization.id, "organization.delete.refused", [target], {
      reason: `the organization still has ${deployments} deployment${deployments === 1 ? "" : "s"}; delete them in Skyport first`,
      deployments,
    });
    return;
  }
  await tx.organization.delete({ where: { id: organization.id } });
  await audit.record(organization.id, "organization.delete", [target], { clerkOrganizationId });
}
