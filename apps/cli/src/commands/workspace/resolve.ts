import type { Workspace } from "../../api/types.ts";
import { requireOne } from "../../resolve.ts";
import { listWorkspaces, type Session, workspaceLookup } from "../../session.ts";

/** A workspace of the current organization by id or name. */
export async function resolveWorkspace(
  session: Session,
  organizationId: string,
  wanted: string,
): Promise<Workspace> {
  const workspaces = await listWorkspaces(session.authenticated(), organizationId);
  return requireOne(workspaceLookup("in this organization"), workspaces, wanted);
}
