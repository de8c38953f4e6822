import type { OrganizationMember } from "../../api/types.ts";
import { type Lookup, requireOne } from "../../resolve.ts";
import type { Session } from "../../session.ts";

export const memberLookup: Lookup<OrganizationMember> = {
  kind: "member",
  scope: "in this organization",
  id: (m) => m.userId,
  names: (m) => [m.email],
  describe: (m) => `${m.userId}  ${m.name} <${m.email}>`,
};

/** An organization member by user id or email. */
export async function resolveMember(
  session: Session,
  organizationId: string,
  wanted: string,
): Promise<OrganizationMember> {
  const client = session.authenticated();
  const members = await client.all((query) =>
    client.api.GET("/organizations/{organizationId}/users", { params: { path: { organizationId }, query } }),
  );
  return requireOne(memberLookup, members, wanted);
}
