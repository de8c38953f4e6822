/** Human labels for role names; the stored names stay visible where precision matters. */
const ROLE_LABELS: Record<string, string> = {
  ORGANIZATION_OWNER: "Owner",
  ORGANIZATION_BILLING_ADMIN: "Billing admin",
  ORGANIZATION_MEMBER: "Member",
  WORKSPACE_OWNER: "Workspace owner",
  WORKSPACE_OPERATOR: "Workspace operator",
  WORKSPACE_AUTHOR: "Workspace author",
  WORKSPACE_MEMBER: "Workspace member",
  DEPLOYMENT_ADMIN: "Deployment admin",
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

export const ORGANIZATION_ROLE_OPTIONS = [
  { value: "ORGANIZATION_MEMBER", label: "Member" },
  { value: "ORGANIZATION_BILLING_ADMIN", label: "Billing admin" },
  { value: "ORGANIZATION_OWNER", label: "Owner" },
] as const;
