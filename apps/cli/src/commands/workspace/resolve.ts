import { paths } from "../../api/paths.ts";
import type { Workspace } from "../../api/types.ts";
import { requireOne } from "../../resolve.ts";
import { type Session, workspaceLookup } from "../../session.ts";

/** A workspace of the current organization by id or name. */
export async function resolveWorkspace(
  session: Session,
  organizationId: string,
  wanted: string,
): Promise<Workspace> {
  const workspaces = await session.authenticated().list<Workspace>(paths.workspaces(organizationId));
  return requireOne(workspaceLookup("in this organization"), workspaces, wanted);
}
