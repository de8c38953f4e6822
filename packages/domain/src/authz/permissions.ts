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

export const PERMISSIONS = {
  // Organization
  "organization.read": {
    scope: "organization",
    description: "See the organization's name and settings",
    allow: { organization: "ORGANIZATION_MEMBER" },
  },
  "organization.update": {
    scope: "organization",
    description: "Rename the organization",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "organization.leave": {
    scope: "organization",
    description: "Leave the organization (the last owner cannot)",
    allow: { organization: "ORGANIZATION_MEMBER" },
    usersOnly: true,
  },
  "organization.member.list": {
    scope: "organization",
    description: "List the organization's members and their roles",
    allow: { organization: "ORGANIZATION_MEMBER" },
  },
  "organization.member.invite": {
    scope: "organization",
    description: "Invite people by email; list and revoke pending invitations",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "organization.member.update": {
    scope: "organization",
    description: "Change a member's organization role",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "organization.member.remove": {
    scope: "organization",
    description: "Remove a member from the organization",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "team.list": {
    scope: "organization",
    description: "List teams and their members",
    allow: { organization: "ORGANIZATION_MEMBER" },
  },
  "team.manage": {
    scope: "organization",
    description: "Create, rename and delete teams; add and remove team members",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "workspace.list": {
    scope: "organization",
    description: "List the workspaces one has a role in (owners see all)",
    allow: { organization: "ORGANIZATION_MEMBER" },
  },
  "workspace.create": {
    scope: "organization",
    description: "Create workspaces",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "apiToken.organization.manage": {
    scope: "organization",
    description: "Create, list and revoke organization API tokens",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "notificationChannel.organization.read": {
    scope: "organization",
    description: "List the organization's notification channels (kinds and recipients; never their secrets)",
    allow: { organization: "ORGANIZATION_MEMBER" },
  },
  "notificationChannel.organization.manage": {
    scope: "organization",
    description: "Create and delete organization notification channels and send them test notifications",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "audit.read": {
    scope: "organization",
    description: "Read, export and verify the audit log",
    allow: { organization: "ORGANIZATION_OWNER" },
  },
  "billing.read": {
    scope: "organization",
    description: "See the plan, usage so far, the upcoming invoice and invoices",
    allow: { organization: "ORGANIZATION_BILLING_ADMIN" },
  },
  "billing.manage": {
    scope: "organization",
    description: "Start a checkout to change plan, open the Stripe customer portal",
    allow: { organization: "ORGANIZATION_BILLING_ADMIN" },
  },

  // Workspace
  "workspace.read": {
    scope: "workspace",
    description: "See a workspace",
    allow: { workspace: "WORKSPACE_MEMBER" },
  },
  "workspace.update": {
    scope: "workspace",
    description: "Rename a workspace or change its description",
    allow: { workspace: "WORKSPACE_OWNER" },
  },
  "workspace.delete": {
    scope: "workspace",
    description: "Delete a workspace (it must have no deployments)",
    allow: { workspace: "WORKSPACE_OWNER" },
  },
  "workspace.member.list": {
    scope: "workspace",
    description: "List the users and teams with a role in a workspace",
    allow: { workspace: "WORKSPACE_MEMBER" },
  },
  "workspace.member.manage": {
    scope: "workspace",
    description: "Grant, change and revoke workspace roles of users and teams",
    allow: { workspace: "WORKSPACE_OWNER" },
  },
  "apiToken.workspace.manage": {
    scope: "workspace",
    description: "Create, list and revoke workspace API tokens",
    allow: { workspace: "WORKSPACE_OWNER" },
  },
  "deployment.list": {
    scope: "workspace",
    description: "List a workspace's deployments",
    allow: { workspace: "WORKSPACE_MEMBER" },
  },
  "deployment.create": {
    scope: "workspace",
    description: "Create deployments",
    allow: { workspace: "WORKSPACE_OPERATOR" },
  },
  "workspace.environment.read": {
    scope: "workspace",
    description:
      "List a workspace's environment variables, Airflow connections and variables by name (keys, connection ids and types, secret flags; no values)",
    allow: { workspace: "WORKSPACE_MEMBER" },
  },
  "workspace.environment.manage": {
    scope: "workspace",
    description:
      "Create, change, import and delete a workspace's environment variables, Airflow connections and variables, link them to deployments, and see their non-secret values",
    allow: { workspace: "WORKSPACE_AUTHOR" },
  },

  "alert.workspace.read": {
    scope: "workspace",
    description: "See a workspace's alert rules and notification channels (never channel secrets)",
    allow: { workspace: "WORKSPACE_MEMBER" },
  },
  "alert.workspace.manage": {
    scope: "workspace",
    description:
      "Create, change, mute and delete a workspace's alert rules (for one or every deployment) and notification channels; send test notifications",
    allow: { workspace: "WORKSPACE_OPERATOR" },
  },

  // Deployment
  "deployment.read": {
    scope: "deployment",
    description: "See a deployment's spec and status",
    allow: { workspace: "WORKSPACE_MEMBER", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.update": {
    scope: "deployment",
    description: "Change a deployment's spec",
    allow: { workspace: "WORKSPACE_OPERATOR", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.delete": {
    scope: "deployment",
    description: "Delete a deployment",
    allow: { workspace: "WORKSPACE_OPERATOR", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.environment.read": {
    scope: "deployment",
    description:
      "List a deployment's environment variables, Airflow connections and variables, and what it receives from its workspace, by name (no values)",
    allow: { workspace: "WORKSPACE_MEMBER", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.environment.manage": {
    scope: "deployment",
    description:
      "Create, change, import and delete a deployment's environment variables, Airflow connections and variables, and see their non-secret values (secret values are never shown)",
    allow: { workspace: "WORKSPACE_AUTHOR", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.member.manage": {
    scope: "deployment",
    description: "Grant and revoke DEPLOYMENT_ADMIN on a deployment",
    allow: { workspace: "WORKSPACE_OWNER" },
  },
  "deployment.ingestToken.rotate": {
    scope: "deployment",
    description:
      "Rotate the deployment's telemetry ingest token (the new token is shown once; the old one stops working)",
    allow: { workspace: "WORKSPACE_OPERATOR", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.runs.read": {
    scope: "deployment",
    description: "See the deployment's DAG runs, task tries and data-quality results reported by its runtime",
    allow: { workspace: "WORKSPACE_MEMBER", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.metrics.read": {
    scope: "deployment",
    description:
      "See the deployment's runtime metrics (executor slots, queues, workers, scheduler heartbeat, parse time)",
    allow: { workspace: "WORKSPACE_MEMBER", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.logs.read": {
    scope: "deployment",
    description:
      "Read the logs of a local runtime's Airflow components (scheduler, API server, workers …), tail and follow",
    allow: { workspace: "WORKSPACE_MEMBER", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.airflowCredentials.read": {
    scope: "deployment",
    description: "See the generated admin sign-in of a local runtime's Airflow UI (each reveal is audited)",
    allow: { workspace: "WORKSPACE_OPERATOR", deployment: "DEPLOYMENT_ADMIN" },
  },
  "organization.failingDags.read": {
    scope: "organization",
    description:
      "See the DAGs whose latest run failed, across the organization's deployments whose runs one may see (deployment.runs.read)",
    allow: { organization: "ORGANIZATION_MEMBER" },
  },
  "deploy.read": {
    scope: "deployment",
    description:
      "See a deployment's deploy history, its DAG bundles, the files each deploy changed and which registry (never the password) images are pulled with",
    allow: { workspace: "WORKSPACE_MEMBER", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deploy.create": {
    scope: "deployment",
    description:
      "Upload DAG bundles, deploy them or a customer image, set the registry credential images are pulled with (write-only), and roll back to an earlier deploy (a deployment API token with DEPLOYMENT_ADMIN can, for CI)",
    allow: { workspace: "WORKSPACE_AUTHOR", deployment: "DEPLOYMENT_ADMIN" },
  },
  "alert.deployment.read": {
    scope: "deployment",
    description:
      "See a deployment's alert rules, notification channels, incidents and notification deliveries (never channel secrets)",
    allow: { workspace: "WORKSPACE_MEMBER", deployment: "DEPLOYMENT_ADMIN" },
  },
  "alert.deployment.manage": {
    scope: "deployment",
    description:
      "Create, change, mute and delete a deployment's alert rules and notification channels; send test notifications",
    allow: { workspace: "WORKSPACE_OPERATOR", deployment: "DEPLOYMENT_ADMIN" },
  },
  "apiToken.deployment.manage": {
    scope: "deployment",
    description: "Create, list and revoke deployment API tokens",
    allow: { workspace: "WORKSPACE_OPERATOR", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.recommendations.read": {
    scope: "deployment",
    description:
      "See a deployment's tuning recommendations: evidence, spec diff, predicted and measured effect",
    allow: { workspace: "WORKSPACE_MEMBER", deployment: "DEPLOYMENT_ADMIN" },
  },
  "deployment.recommendations.manage": {
    scope: "deployment",
    description:
      "Apply (an ordinary, audited deployment update), dismiss, snooze and revert a deployment's tuning recommendations",
    allow: { workspace: "WORKSPACE_OPERATOR", deployment: "DEPLOYMENT_ADMIN" },
  },

  // Status reports (workspace)
  "report.workspace.read": {
    scope: "workspace",
    description: "See a workspace's status reports, their checks, runs, subscribers and deliveries",
    allow: { workspace: "WORKSPACE_MEMBER" },
  },
  "report.workspace.manage": {
    scope: "workspace",
    description:
      "Create, change, run and delete a workspace's status reports, manage their subscribers and issue or revoke their status page links",
    allow: { workspace: "WORKSPACE_AUTHOR" },
  },
} as const satisfies Record<string, PermissionRule>;

export type Action = keyof typeof PERMISSIONS;

export function isAction(value: string): value is Action {
  return Object.hasOwn(PERMISSIONS, value);
}
