import type { ApiTokenScope } from "@skyport/db";

import type { AuditTarget } from "../audit/record.ts";
import type { ApiTokenStatus, ApiTokenView } from "./api-tokens.types.ts";

export type { ApiTokenStatus, ApiTokenView };

/** The columns a view is built from; secretHash is deliberately absent. */
export const apiTokenViewSelect = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  scope: true,
  workspaceId: true,
  deploymentId: true,
  role: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
  workspace: { select: { name: true } },
  deployment: { select: { name: true } },
} as const;

interface ApiTokenRow {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  scope: ApiTokenScope;
  workspaceId: string | null;
  deploymentId: string | null;
  role: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { id: string; name: string; email: string } | null;
  workspace: { name: string } | null;
  deployment: { name: string } | null;
}

export function apiTokenStatus(
  token: { revokedAt: Date | null; expiresAt: Date | null },
  now = new Date(),
): ApiTokenStatus {
  if (token.revokedAt) return "REVOKED";
  if (token.expiresAt && token.expiresAt <= now) return "EXPIRED";
  return "ACTIVE";
}

export function toApiTokenView(row: ApiTokenRow, now = new Date()): ApiTokenView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    description: row.description,
    scope: row.scope,
    workspaceId: row.workspaceId,
    workspaceName: row.workspace?.name ?? null,
    deploymentId: row.deploymentId,
    deploymentName: row.deployment?.name ?? null,
    role: row.role,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    status: apiTokenStatus(row, now),
  };
}

/** The audit targets of a change to a token: the token, and the workspace or deployment it is for. */
export function apiTokenAuditTargets(row: {
  id: string;
  name: string;
  scope: ApiTokenScope;
  workspaceId: string | null;
  deploymentId: string | null;
  workspace: { name: string } | null;
  deployment: { name: string } | null;
}): AuditTarget[] {
  const targets: AuditTarget[] = [{ type: "apiToken", id: row.id, label: row.name }];
  if (row.scope === "WORKSPACE" && row.workspaceId)
    targets.push({ type: "workspace", id: row.workspaceId, label: row.workspace?.name ?? row.workspaceId });
  if (row.scope === "DEPLOYMENT" && row.deploymentId)
    targets.push({
      type: "deployment",
      id: row.deploymentId,
      label: row.deployment?.name ?? row.deploymentId,
    });
  return targets;
}
