import type { DeploymentRole, OrganizationRole, WorkspaceRole } from "./roles.ts";

/**
 * THE permission table: every action any entry point can perform, the level it applies at,
 * and the weakest role that may perform it. A rule lists alternatives: holding any one of
 * them is enough (e.g. a deployment may be updated by a WORKSPACE_OPERATOR of its workspace
 * or by a DEPLOYMENT_ADMIN of that deployment). docs/rbac.md is generated from this table
 * (`npm run docs:rbac`), and the authorization-matrix test checks every procedure against it.
 *
 * Organization owners hold WORKSPACE_OWNER on every workspace of their organization.
 */
export interface PermissionRule {
  scope: "organization" | "workspace" | "deployment";
  description: string;
  allow: {
    organization?: OrganizationRole;
    workspace?: WorkspaceRole;
    deployment?: DeploymentRole;
  };
  /** Only people may do this (not API tokens), e.g. leaving an organization. */
  usersOnly?: boolean;
}

/** An organization-level action the given organization role (or a stronger one) may perform. */
function organizationRule(organization: OrganizationRole, description: string): PermissionRule {
  return { scope: "organization", description, allow: { organization } };
}

/** A workspace-level action the given workspace role (or a stronger one) may perform. */
function workspaceRule(workspace: WorkspaceRole, description: string): PermissionRule {
  return { scope: "workspace", description, allow: { workspace } };
}

/**
 * An action on one deployment: by the given workspace role (or a stronger one) of its
 * workspace, or by a DEPLOYMENT_ADMIN of that deployment.
 */
function deploymentRule(workspace: WorkspaceRole, description: string): PermissionRule {
  return { scope: "deployment", description, allow: { workspace, deployment: "DEPLOYMENT_ADMIN" } };
}

export const PERMISSIONS = {
  // Organization
  "organization.read": organizationRule("ORGANIZATION_MEMBER", "See the organization's name and settings"),
  "organization.update": organizationRule("ORGANIZATION_OWNER", "Rename the organization"),
  "organization.leave": {
    scope: "organization",
    description: "Leave the organization (the last owner cannot)",
    allow: { organization: "ORGANIZATION_MEMBER" },
    usersOnly: true,
  },
  "organization.member.list": organizationRule(
    "ORGANIZATION_MEMBER",
    "List the organization's members and their roles",
  ),
  "organization.member.invite": organizationRule(
    "ORGANIZATION_OWNER",
    "Invite people by email; list and revoke pending invitations",
  ),
  "organization.member.update": organizationRule("ORGANIZATION_OWNER", "Change a member's organization role"),
  "organization.member.remove": organizationRule(
    "ORGANIZATION_OWNER",
    "Remove a member from the organization",
  ),
  "team.list": organizationRule("ORGANIZATION_MEMBER", "List teams and their members"),
  "team.manage": organizationRule(
    "ORGANIZATION_OWNER",
    "Create, rename and delete teams; add and remove team members",
  ),
  "workspace.list": organizationRule(
    "ORGANIZATION_MEMBER",
    "List the workspaces one has a role in (owners see all)",
  ),
  "workspace.create": organizationRule("ORGANIZATION_OWNER", "Create workspaces"),
  "apiToken.organization.manage": organizationRule(
    "ORGANIZATION_OWNER",
    "Create, list and revoke organization API tokens",
  ),
  "notificationChannel.organization.read": organizationRule(
    "ORGANIZATION_MEMBER",
    "List the organization's notification channels (kinds and recipients; never their secrets)",
  ),
  "notificationChannel.organization.manage": organizationRule(
    "ORGANIZATION_OWNER",
    "Create and delete organization notification channels and send them test notifications",
  ),
  "audit.read": organizationRule("ORGANIZATION_OWNER", "Read, export and verify the audit log"),
  "billing.read": organizationRule(
    "ORGANIZATION_BILLING_ADMIN",
    "See the plan, usage so far, the upcoming invoice and invoices",
  ),
  "billing.manage": organizationRule(
    "ORGANIZATION_BILLING_ADMIN",
    "Start a checkout to change plan, open the Stripe customer portal",
  ),

  // Workspace
  "workspace.read": workspaceRule("WORKSPACE_MEMBER", "See a workspace"),
  "workspace.update": workspaceRule("WORKSPACE_OWNER", "Rename a workspace or change its description"),
  "workspace.delete": workspaceRule("WORKSPACE_OWNER", "Delete a workspace (it must have no deployments)"),
  "workspace.member.list": workspaceRule(
    "WORKSPACE_MEMBER",
    "List the users and teams with a role in a workspace",
  ),
  "workspace.member.manage": workspaceRule(
    "WORKSPACE_OWNER",
    "Grant, change and revoke workspace roles of users and teams",
  ),
  "apiToken.workspace.manage": workspaceRule(
    "WORKSPACE_OWNER",
    "Create, list and revoke workspace API tokens",
  ),
  "deployment.list": workspaceRule("WORKSPACE_MEMBER", "List a workspace's deployments"),
  "deployment.create": workspaceRule("WORKSPACE_OPERATOR", "Create deployments"),
  "workspace.environment.read": workspaceRule(
    "WORKSPACE_MEMBER",
    "List a workspace's environment variables, Airflow connections and variables by name (keys, connection ids and types, secret flags; no values)",
  ),
  "workspace.environment.manage": workspaceRule(
    "WORKSPACE_AUTHOR",
    "Create, change, import and delete a workspace's environment variables, Airflow connections and variables, link them to deployments, and see their non-secret values",
  ),

  "alert.workspace.read": workspaceRule(
    "WORKSPACE_MEMBER",
    "See a workspace's alert rules and notification channels (never channel secrets)",
  ),
  "alert.workspace.manage": workspaceRule(
    "WORKSPACE_OPERATOR",
    "Create, change, mute and delete a workspace's alert rules (for one or every deployment) and notification channels; send test notifications",
  ),

  // Deployment
  "deployment.read": deploymentRule("WORKSPACE_MEMBER", "See a deployment's spec and status"),
  "deployment.update": deploymentRule("WORKSPACE_OPERATOR", "Change a deployment's spec"),
  "deployment.delete": deploymentRule("WORKSPACE_OPERATOR", "Delete a deployment"),
  "deployment.environment.read": deploymentRule(
    "WORKSPACE_MEMBER",
    "List a deployment's environment variables, Airflow connections and variables, and what it receives from its workspace, by name (no values)",
  ),
  "deployment.environment.manage": deploymentRule(
    "WORKSPACE_AUTHOR",
    "Create, change, import and delete a deployment's environment variables, Airflow connections and variables, and see their non-secret values (secret values are never shown)",
  ),
  "deployment.member.manage": {
    scope: "deployment",
    description: "Grant and revoke DEPLOYMENT_ADMIN on a deployment",
    allow: { workspace: "WORKSPACE_OWNER" },
  },
  "deployment.ingestToken.rotate": deploymentRule(
    "WORKSPACE_OPERATOR",
    "Rotate the deployment's telemetry ingest token (the new token is shown once; the old one stops working)",
  ),
  "deployment.runs.read": deploymentRule(
    "WORKSPACE_MEMBER",
    "See the deployment's DAG runs, task tries and data-quality results reported by its runtime",
  ),
  "deployment.metrics.read": deploymentRule(
    "WORKSPACE_MEMBER",
    "See the deployment's runtime metrics (executor slots, queues, workers, scheduler heartbeat, parse time)",
  ),
  "deployment.logs.read": deploymentRule(
    "WORKSPACE_MEMBER",
    "Read the logs of a local runtime's Airflow components (scheduler, API server, workers …), tail and follow",
  ),
  "deployment.airflowCredentials.read": deploymentRule(
    "WORKSPACE_OPERATOR",
    "See the generated admin sign-in of a local runtime's Airflow UI (each reveal is audited)",
  ),
  "organization.failingDags.read": organizationRule(
    "ORGANIZATION_MEMBER",
    "See the DAGs whose latest run failed, across the organization's deployments whose runs one may see (deployment.runs.read)",
  ),
  "deploy.read": deploymentRule(
    "WORKSPACE_MEMBER",
    "See a deployment's deploy history, its DAG bundles, the files each deploy changed and which registry (never the password) images are pulled with",
  ),
  "deploy.create": deploymentRule(
    "WORKSPACE_AUTHOR",
    "Upload DAG bundles, deploy them or a customer image, set the registry credential images are pulled with (write-only), and roll back to an earlier deploy (a deployment API token with DEPLOYMENT_ADMIN can, for CI)",
  ),
  "alert.deployment.read": deploymentRule(
    "WORKSPACE_MEMBER",
    "See a deployment's alert rules, notification channels, incidents and notification deliveries (never channel secrets)",
  ),
  "alert.deployment.manage": deploymentRule(
    "WORKSPACE_OPERATOR",
    "Create, change, mute and delete a deployment's alert rules and notification channels; send test notifications",
  ),
  "apiToken.deployment.manage": deploymentRule(
    "WORKSPACE_OPERATOR",
    "Create, list and revoke deployment API tokens",
  ),
  "deployment.recommendations.read": deploymentRule(
    "WORKSPACE_MEMBER",
    "See a deployment's tuning recommendations: evidence, spec diff, predicted and measured effect",
  ),
  "deployment.recommendations.manage": deploymentRule(
    "WORKSPACE_OPERATOR",
    "Apply (an ordinary, audited deployment update), dismiss, snooze and revert a deployment's tuning recommendations",
  ),

  // Status reports (workspace)
  "report.workspace.read": workspaceRule(
    "WORKSPACE_MEMBER",
    "See a workspace's status reports, their checks, runs, subscribers and deliveries",
  ),
  "report.workspace.manage": workspaceRule(
    "WORKSPACE_AUTHOR",
    "Create, change, run and delete a workspace's status reports, manage their subscribers and issue or revoke their status page links",
  ),
} as const satisfies Record<string, PermissionRule>;

export type Action = keyof typeof PERMISSIONS;

export function isAction(value: string): value is Action {
  return Object.hasOwn(PERMISSIONS, value);
}
