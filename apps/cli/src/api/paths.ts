// Where each resource lives under /api/v1. Ids are encoded so a name typed by mistake where an
// id belongs cannot walk to another path.

export const API_V1 = "/api/v1";

const seg = (value: string) => encodeURIComponent(value);

export const paths = {
  signup: `${API_V1}/auth/signup`,
  sessions: `${API_V1}/auth/sessions`,
  currentSession: `${API_V1}/auth/session`,
  me: `${API_V1}/me`,
  organizations: `${API_V1}/organizations`,
  runtimeCatalog: `${API_V1}/runtime-catalog`,
  organization: (org: string) => `${API_V1}/organizations/${seg(org)}`,
  organizationUsers: (org: string) => `${paths.organization(org)}/users`,
  organizationUser: (org: string, userId: string) => `${paths.organizationUsers(org)}/${seg(userId)}`,
  invitations: (org: string) => `${paths.organization(org)}/invitations`,
  workspaces: (org: string) => `${paths.organization(org)}/workspaces`,
  workspace: (org: string, id: string) => `${paths.workspaces(org)}/${seg(id)}`,
  /** `kind` is "users" or "teams": workspace roles are granted to both. */
  workspaceMembers: (org: string, workspace: string, kind: "users" | "teams") =>
    `${paths.workspace(org, workspace)}/${kind}`,
  workspaceMember: (org: string, workspace: string, kind: "users" | "teams", id: string) =>
    `${paths.workspaceMembers(org, workspace, kind)}/${seg(id)}`,
  workspaceRoles: (org: string, workspace: string) => `${paths.workspace(org, workspace)}/users`,
  deployments: (org: string) => `${paths.organization(org)}/deployments`,
  deployment: (org: string, id: string) => `${paths.deployments(org)}/${seg(id)}`,
  workerQueues: (org: string, deployment: string) => `${paths.deployment(org, deployment)}/worker-queues`,
  workerQueue: (org: string, deployment: string, name: string) =>
    `${paths.workerQueues(org, deployment)}/${seg(name)}`,
  teams: (org: string) => `${paths.organization(org)}/teams`,
  team: (org: string, id: string) => `${paths.teams(org)}/${seg(id)}`,
  teamMember: (org: string, team: string, userId: string) =>
    `${paths.team(org, team)}/members/${seg(userId)}`,
  apiTokens: (org: string) => `${paths.organization(org)}/api-tokens`,
  apiToken: (org: string, id: string) => `${paths.apiTokens(org)}/${seg(id)}`,
  auditExport: (org: string) => `${paths.organization(org)}/audit-logs/export`,
};
