"use client";

import type { OrganizationRole } from "@skyport/domain";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormError, inputClass } from "@/components/forms.tsx";
import { ORGANIZATION_ROLE_OPTIONS, roleLabel } from "@/components/roles.ts";

export interface MemberRowData {
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** Members with their roles; owners can change roles and remove members. */
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
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <caption className="sr-only">Members of the organization and their roles</caption>
        <thead>
          <tr className="text-left text-xs font-medium tracking-wide text-slate-600 uppercase dark:text-slate-400">
            <th scope="col" className="px-5 py-3">
              Name
            </th>
            <th scope="col" className="px-5 py-3">
              Email
            </th>
            <th scope="col" className="px-5 py-3">
              Role
            </th>
            <th scope="col" className="px-5 py-3">
              Joined
            </th>
            {canManage ? (
              <th scope="col" className="px-5 py-3">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {members.map((member) => (
            <MemberRow
              key={member.userId}
              organizationId={organizationId}
              member={member}
              isYou={member.userId === currentUserId}
              canManage={canManage}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberRow({
  organizationId,
  member,
  isYou,
  canManage,
}: {
  organizationId: string;
  member: MemberRowData;
  isYou: boolean;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [role, setRole] = useState(member.role);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const updateRole = useMutation(
    trpc.member.updateRole.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = updateRole.error ?? remove.error;
  const roleSelectId = `role-${member.userId}`;

  return (
    <tr className="align-top">
      <td className="px-5 py-3 font-medium text-slate-900 dark:text-white">
        {member.name}
        {isYou ? (
          <span className="ml-1.5 text-xs font-normal text-slate-500 dark:text-slate-400">(you)</span>
        ) : null}
      </td>
      <td className="px-5 py-3 text-slate-700 dark:text-slate-300">{member.email}</td>
      <td className="px-5 py-3">
        {canManage ? (
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor={roleSelectId} className="sr-only">
              Role of {member.name}
            </label>
            <select
              id={roleSelectId}
              value={role}
              onChange={(event) => setRole(event.target.value)}
              className={`${inputClass} w-40 py-1.5`}
            >
              {ORGANIZATION_ROLE_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {role !== member.role ? (
              <>
                <Button
                  className="px-2.5 py-1.5"
                  disabled={updateRole.isPending}
                  onClick={() =>
                    updateRole.mutate({
                      organizationId,
                      userId: member.userId,
                      role: role as OrganizationRole,
                    })
                  }
                >
                  {updateRole.isPending ? "Saving…" : "Save"}
                </Button>
                <Button
                  variant="secondary"
                  className="px-2.5 py-1.5"
                  onClick={() => {
                    setRole(member.role);
                    updateRole.reset();
                  }}
                >
                  Cancel
                </Button>
              </>
            ) : null}
          </div>
        ) : (
          <span className="text-slate-700 dark:text-slate-300">{roleLabel(member.role)}</span>
        )}
        {error ? (
          <div className="mt-2 max-w-sm">
            <FormError message={error.message} />
          </div>
        ) : null}
      </td>
      <td className="px-5 py-3 whitespace-nowrap text-slate-600 dark:text-slate-400">
        <time dateTime={member.joinedAt.toISOString()}>{dateFormat.format(member.joinedAt)}</time>
      </td>
      {canManage ? (
        <td className="px-5 py-3 text-right whitespace-nowrap">
          {confirmingRemoval ? (
            <span className="inline-flex items-center gap-2">
              <span className="text-slate-700 dark:text-slate-300">
                Remove {isYou ? "yourself" : member.name}?
              </span>
              <Button
                variant="danger"
                className="px-2.5 py-1.5"
                disabled={remove.isPending}
                onClick={() => remove.mutate({ organizationId, userId: member.userId })}
              >
                {remove.isPending ? "Removing…" : "Remove"}
              </Button>
              <Button
                variant="secondary"
                className="px-2.5 py-1.5"
                onClick={() => {
                  setConfirmingRemoval(false);
                  remove.reset();
                }}
              >
                Cancel
              </Button>
            </span>
          ) : (
            <Button
              variant="dangerLink"
              onClick={() => setConfirmingRemoval(true)}
              aria-label={`Remove ${member.name} from the organization`}
            >
              Remove
            </Button>
          )}
        </td>
      ) : null}
    </tr>
  );
}
