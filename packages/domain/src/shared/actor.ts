import type { ApiTokenScope } from "@skyport/db";

/** Who is acting. Every domain function takes one; audit events record it. */
export type Actor =
  | { type: "user"; userId: string; label: string }
  | {
      type: "apiToken";
      tokenId: string;
      label: string;
      /** The token's own name (set when authenticated from a request). */
      name?: string;
      organizationId: string;
      scope: ApiTokenScope;
      workspaceId: string | null;
      deploymentId: string | null;
      role: string;
      createdById: string | null;
    }
  | { type: "system"; label: string };

/** Where a request came from, for the audit log. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: "system", label: "Skyport" };

export const EMPTY_CONTEXT: RequestContext = { ip: null, userAgent: null, requestId: null };

export function actorId(actor: Actor): string {
  switch (actor.type) {
    case "user":
      return actor.userId;
    case "apiToken":
      return actor.tokenId;
    case "system":
      return "system";
    default: {
      const exhaustive: never = actor;
      return exhaustive;
    }
  }
}
