import type { OrganizationRole } from "../authz/roles.ts";

/**
 * Clerk's organization role → Skyport's. Admins own the organization; billing roles
 * administer billing; any other role (org:member, custom roles) is a plain member, so an
 * unexpected role never grants more than membership.
 */
export function organizationRoleFromClerk(clerkRole: string): OrganizationRole {
  switch (clerkRole) {
    case "org:admin":
      return "ORGANIZATION_OWNER";
    case "org:billing_admin":
    case "org:billing":
      return "ORGANIZATION_BILLING_ADMIN";
    default:
      return "ORGANIZATION_MEMBER";
  }
}
