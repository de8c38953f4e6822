"use client";

import { useRouter } from "next/navigation";
import { useTRPCClient } from "@/client/trpc.tsx";
import { ORGANIZATION_ROLE_OPTIONS } from "@/components/roles.ts";
import { type RoleHolder, RoleMembersTable } from "./role-members-table.tsx";

export interface MemberRowData {
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** The organization's members with their roles; owners change roles and remove members. */
export function MembersTable({
  organizationId,
  members,
  currentUserId,
  canManage,
}: {
  organizationId: string;
  members: MemberRowData[];
  currentUserId: string;
  canManage: boolean;
}) {
  const client = useTRPCClient();
  const router = useRouter();
  const byKey = new Map(members.map((member) => [member.userId, member]));
  const holders: RoleHolder[] = members.map((member) => ({
    key: member.userId,
    name: member.name,
    who: (
      <>
        <span className="font-medium">{member.name}</span>
        {member.userId === currentUserId ? (
          <span className="ml-1.5 text-xs text-fg-subtle">(you)</span>
        ) : null}
        <span className="block text-fg-muted">{member.email}</span>
      </>
    ),
    role: member.role,
    detail: <time dateTime={member.joinedAt.toISOString()}>{dateFormat.format(member.joinedAt)}</time>,
    editable: true,
  }));
  const userId = (holder: RoleHolder) => byKey.get(holder.key)?.userId ?? holder.key;
  return (
    <RoleMembersTable
      caption="Members of the organization and their roles"
      holderColumn="Member"
      detailColumn="Joined"
      holders={holders}
      roleOptions={ORGANIZATION_ROLE_OPTIONS}
      canManage={canManage}
      actions={{
        saveRole: async (holder, role) => {
          await client.member.updateRole.mutate({
            organizationId,
            userId: userId(holder),
            role: role as (typeof ORGANIZATION_ROLE_OPTIONS)[number]["value"],
          });
          router.refresh();
        },
        remove: async (holder) => {
          await client.member.remove.mutate({ organizationId, userId: userId(holder) });
          router.refresh();
        },
        removeVerb: "Remove",
        removeQuestion: (holder) =>
          holder.key === currentUserId
            ? "Leave this organization?"
            : `Remove ${holder.name} from the organization?`,
        removeConsequence: "They lose every role in its workspaces and deployments at once.",
      }}
    />
  );
}
