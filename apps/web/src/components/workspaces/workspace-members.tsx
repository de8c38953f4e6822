"use client";

import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC, useTRPCClient } from "@/client/trpc.tsx";
import {
  Button,
  FieldError,
  FormError,
  fieldError,
  formError,
  inputClass,
  SelectField,
} from "@/components/forms.tsx";
import { type RoleHolder, RoleMembersTable } from "@/components/members/role-members-table.tsx";
import type { AppRouter } from "@/server/trpc/router.ts";
import { sentence, WORKSPACE_ROLE_OPTIONS, type WorkspaceRoleValue } from "./role-options.ts";

type WorkspaceMember = inferRouterOutputs<AppRouter>["workspaceMember"]["list"]["items"][number];
type Subject = { userId: string } | { teamId: string };

function subjectOf(member: WorkspaceMember): Subject {
  return member.type === "user" ? { userId: member.user.id } : { teamId: member.team.id };
}

function keyOf(member: WorkspaceMember): string {
  return member.type === "user" ? `user-${member.user.id}` : `team-${member.team.id}`;
}

/** People and teams with a role in the workspace; owners change and revoke roles inline. */
export function WorkspaceMembersTable({
  organizationId,
  workspaceId,
  members,
  canManage,
  currentUserId,
}: {
  organizationId: string;
  workspaceId: string;
  members: WorkspaceMember[];
  canManage: boolean;
  currentUserId: string | null;
}) {
  const client = useTRPCClient();
  const router = useRouter();
  const byKey = new Map(members.map((member) => [keyOf(member), member]));
  const holders: RoleHolder[] = members.map((member) => {
    const inheritedOnly = member.type === "user" && member.bindingId === null;
    const isYou = member.type === "user" && member.user.id === currentUserId;
    return {
      key: keyOf(member),
      name: member.type === "user" ? member.user.name : member.team.name,
      who:
        member.type === "user" ? (
          <>
            <span className="font-medium">{member.user.name}</span>
            {isYou ? <span className="ml-1.5 text-xs text-fg-subtle">(you)</span> : null}
            <span className="block text-fg-muted">{member.user.email}</span>
          </>
        ) : (
          <>
            <span className="font-medium">{member.team.name}</span>
            <span className="ml-2 inline-flex items-center rounded-full bg-neutral-soft px-2 py-0.5 text-xs font-medium text-neutral-fg ring-1 ring-neutral-line ring-inset">
              Team
            </span>
            <span className="block text-fg-muted">
              {member.team.memberCount} {member.team.memberCount === 1 ? "member" : "members"}
            </span>
          </>
        ),
      role: member.role,
      note:
        member.type === "user" && member.organizationOwner
          ? `Organization owner: always a workspace owner${inheritedOnly ? "" : ", whatever this role says"}.`
          : undefined,
      editable: !inheritedOnly,
    };
  });
  const subject = (holder: RoleHolder) => {
    const member = byKey.get(holder.key);
    if (!member) throw new Error(`${holder.name} is no longer listed; reload the page`);
    return subjectOf(member);
  };
  return (
    <RoleMembersTable
      caption="Users and teams with a role in this workspace"
      holderColumn="Member"
      holders={holders}
      roleOptions={WORKSPACE_ROLE_OPTIONS}
      canManage={canManage}
      actions={{
        saveRole: async (holder, role) => {
          await client.workspaceMember.update
            .mutate({
              organizationId,
              workspaceId,
              subject: subject(holder),
              role: role as WorkspaceRoleValue,
            })
            .catch((error: Error) => Promise.reject(new Error(sentence(error.message))));
          router.refresh();
        },
        remove: async (holder) => {
          await client.workspaceMember.revoke
            .mutate({ organizationId, workspaceId, subject: subject(holder) })
            .catch((error: Error) => Promise.reject(new Error(sentence(error.message))));
          router.refresh();
        },
        removeVerb: "Revoke",
        removeQuestion: (holder) =>
          holder.key === `user-${currentUserId}`
            ? "Revoke your role here?"
            : `Revoke the workspace role of ${holder.name}?`,
        removeConsequence: "They keep their organization membership and any roles they hold through teams.",
      }}
    />
  );
}

export interface Candidate {
  kind: "user" | "team";
  id: string;
  label: string;
}

/** Grant a role to an organization member or a team that has none here yet. */
export function GrantRoleForm({
  organizationId,
  workspaceId,
  people,
  teams,
}: {
  organizationId: string;
  workspaceId: string;
  people: Candidate[];
  teams: Candidate[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [subject, setSubject] = useState("");
  const [role, setRole] = useState<WorkspaceRoleValue>("WORKSPACE_MEMBER");
  const grant = useMutation(
    trpc.workspaceMember.grant.mutationOptions({
      onSuccess: () => {
        setSubject("");
        router.refresh();
      },
    }),
  );
  const subjectError = fieldError(grant.error, "subject");
  const subjectId = "grant-subject";

  function submit(event: FormEvent) {
    event.preventDefault();
    const [kind, id] = subject.split(":", 2) as ["user" | "team", string];
    grant.mutate({
      organizationId,
      workspaceId,
      subject: kind === "team" ? { teamId: id } : { userId: id },
      role,
    });
  }

  if (people.length === 0 && teams.length === 0) {
    return (
      <p className="px-5 py-4 text-sm text-fg-muted">
        Everyone who could get a role here has one. To add more people,{" "}
        <Link href={`/orgs/${organizationId}/members`} className="font-medium text-link hover:underline">
          invite them to the organization
        </Link>{" "}
        or{" "}
        <Link href={`/orgs/${organizationId}/teams`} className="font-medium text-link hover:underline">
          create a team
        </Link>
        .
      </p>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4 px-5 py-4" noValidate>
      <FormError message={sentence(formError(grant.error, ["subject", "role"]))} />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_14rem_auto] sm:items-start">
        <div>
          <label htmlFor={subjectId} className="block text-sm font-medium text-fg">
            Member or team
          </label>
          <select
            id={subjectId}
            required
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
            aria-invalid={subjectError ? true : undefined}
            aria-describedby={subjectError ? `${subjectId}-error` : undefined}
            className={`mt-1.5 ${inputClass}`}
          >
            <option value="" disabled>
              Choose…
            </option>
            {[
              { label: "People", kind: "user", options: people },
              { label: "Teams", kind: "team", options: teams },
            ].map((group) =>
              group.options.length ? (
                <optgroup key={group.kind} label={group.label}>
                  {group.options.map((option) => (
                    <option key={option.id} value={`${group.kind}:${option.id}`}>
                      {option.label}
                    </option>
                  ))}
                </optgroup>
              ) : null,
            )}
          </select>
          <FieldError id={`${subjectId}-error`} message={sentence(subjectError)} />
        </div>
        <SelectField
          id="grant-role"
          label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as WorkspaceRoleValue)}
          options={WORKSPACE_ROLE_OPTIONS}
          error={sentence(fieldError(grant.error, "role"))}
        />
        <Button type="submit" className="sm:mt-7" disabled={grant.isPending || subject === ""}>
          {grant.isPending ? "Granting…" : "Grant role"}
        </Button>
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-xs text-fg-muted sm:grid-cols-[auto_1fr]">
        {WORKSPACE_ROLE_OPTIONS.map((option) => (
          <div key={option.value} className="contents">
            <dt className="font-medium text-fg">{option.label}</dt>
            <dd>{option.description}</dd>
          </div>
        ))}
      </dl>
    </form>
  );
}
