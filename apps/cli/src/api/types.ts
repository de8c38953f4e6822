// The resources of Skyport's REST API (/api/v1) as the CLI reads them. The server's OpenAPI
// document (/api/v1/openapi.json) is the reference; these name only what the CLI uses, and
// commands print whatever else the server sent with -o json|yaml.

export type DeploymentStatus =
  | "CREATING"
  | "DEPLOYING"
  | "HEALTHY"
  | "UNHEALTHY"
  | "UPDATING"
  | "DELETING"
  | "DELETED"
  | "FAILED";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface ApiTokenIdentity {
  id: string;
  name: string;
  organizationId: string;
  scope: "ORGANIZATION" | "WORKSPACE" | "DEPLOYMENT";
  workspaceId: string | null;
  deploymentId: string | null;
  role: string;
}

/** GET /me */
export type Me = { type: "user"; user: SessionUser } | { type: "apiToken"; apiToken: ApiTokenIdentity };

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
  role: string | null;
}

export interface Workspace {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  role: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WorkerQueue {
  name: string;
  workerSize: string;
  minWorkers: number;
  maxWorkers: number;
  workerConcurrency: number | null;
}

export interface DeploymentSpec {
  name: string;
  description: string;
  runtimeVersion: string;
  executor: string;
  schedulerSize: string;
  highAvailability: boolean;
  workerQueues: WorkerQueue[];
  airflowConfigOverrides: Array<{ section: string; key: string; value: string }>;
  contactEmails: string[];
  [field: string]: unknown;
}

export interface Deployment {
  id: string;
  organizationId: string;
  workspaceId: string;
  name: string;
  description: string;
  spec: DeploymentSpec;
  generation: number;
  observedGeneration: number;
  status: DeploymentStatus;
  statusReason: string;
  namespace: string;
  airflowUrl: string;
  runtime: { version: string; major: number; line: string; python: string; image: string } | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** What creating, updating and deleting a deployment (or one of its worker queues) answer. */
export interface DeploymentChange {
  deployment: Deployment;
  /** False when the reconcile could not be queued; the worker's sweep picks the change up. */
  reconcileQueued: boolean;
}

export interface RuntimeCatalog {
  runtimes: Array<{ version: string; major: number; line: string; python: string; image: string }>;
  defaultRuntimeVersion: string;
  executors: Array<{ value: string; label: string; description: string }>;
  sizes: Array<{ size: string }>;
}

export interface OrganizationMember {
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: string;
  status: string;
  expiresAt: string;
  expired: boolean;
  createdAt: string;
}

export type WorkspaceMember =
  | {
      type: "user";
      bindingId: string | null;
      role: string;
      organizationOwner: boolean;
      user: { id: string; name: string; email: string };
    }
  | {
      type: "team";
      bindingId: string;
      role: string;
      team: { id: string; name: string; memberCount: number };
    };

export interface TeamMember {
  id: string;
  name: string;
  email: string;
}

export interface Team {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  members?: TeamMember[];
}

export interface ApiToken {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  scope: "ORGANIZATION" | "WORKSPACE" | "DEPLOYMENT";
  workspaceId: string | null;
  workspaceName: string | null;
  deploymentId: string | null;
  deploymentName: string | null;
  role: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: "ACTIVE" | "EXPIRED" | "REVOKED";
}
