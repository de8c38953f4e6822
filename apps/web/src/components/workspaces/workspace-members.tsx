"use client";

import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import {
  Button,
  FieldError,
  FormError,
  fieldError,
  formError,
  inputClass,
  SelectField,
} from "@/components/forms.tsx";
import { roleLabel } from "@/components/roles.ts";
import type { AppRouter } from "@/server/trpc/router.ts";
import { sentence, WORKSPACE_ROLE_OPTIONS, type WorkspaceRoleValue } from "./role-options.ts";

type WorkspaceMember = inferRouterOutputs<AppRouter>["workspaceMember"]["list"]["items"][number];
type Subject = { userId: string } | { teamId: string };

const th =
  "px-5 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";

function subjectOf(member: WorkspaceMember): Subject {
  return member.type === "user" ? { userId: member.user.id } : { teamId: member.team.id };
}

function nameOf(member: WorkspaceMember): string {
  return member.type === "user" ? member.user.name : member.team.name;
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
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-800">
        <caption className="sr-only">Users and teams with a role in this workspace</caption>
        <thead className="bg-slate-50 dark:bg-slate-950/40">
          <tr>
            <th scope="col" className={th}>
              Member
            </th>
            <th scope="col" className={th}>
              Role
            </th>
            {canManage ? (
              <th scope="col" className={th}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {members.map((member) => (
            <MemberRow
              key={member.type === "user" ? `user-${member.user.id}` : `team-${member.team.id}`}
              organizationId={organizationId}
              workspaceId={workspaceId}
              member={member}
              canManage={canManage}
              isYou={member.type === "user" && member.user.id === currentUserId}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberRow({
  organizationId,
  workspaceId,
  member,
  canManage,
  isYou,
}: {
  organizationId: string;
  workspaceId: string;
  member: WorkspaceMember;
  canManage: boolean;
  isYou: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [role, setRole] = useState<WorkspaceRoleValue>(member.role);
  const [confirming, setConfirming] = useState(false);
  const update = useMutation(
    trpc.workspaceMember.update.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const revoke = useMutation(
    trpc.workspaceMember.revoke.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const error = update.error ?? revoke.error;
  const inheritedOnly = member.type === "user" && member.bindingId === null;
  const editable = canManage && !inheritedOnly;
  const name = nameOf(member);
  const selectId = `workspace-role-${member.type}-${member.type === "user" ? member.user.id : member.team.id}`;

  return (
    <tr className="align-top">
      <th scope="row" className="px-5 py-3 text-left font-normal">
        {member.type === "user" ? (
          <>
            <span className="font-medium text-slate-900 dark:text-white">{member.user.name}</span>
            {isYou ? <span className="ml-1.5 text-xs text-slate-500 dark:text-slate-400">(you)</span> : null}
            <span className="block text-slate-600 dark:text-slate-400">{member.user.email}</span>
          </>
        ) : (
          <>
            <span className="font-medium text-slate-900 dark:text-white">{member.team.name}</span>
            <span className="ml-2 inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-500/20 ring-inset dark:bg-slate-800 dark:text-slate-300">
              Team
            </span>
            <span className="block text-slate-600 dark:text-slate-400">
              {member.team.memberCount} {member.team.memberCount === 1 ? "member" : "members"}
            </span>
          </>
        )}
      </th>
      <td className="px-5 py-3">
        {editable ? (
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor={selectId} className="sr-only">
              Workspace role of {name}
            </label>
            <div className="w-52">
              <select
                id={selectId}
                value={role}
                onChange={(event) => setRole(event.target.value as WorkspaceRoleValue)}
                className={`${inputClass} py-1.5`}
              >
                {WORKSPACE_ROLE_OPTIONS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
            {role !== member.role ? (
              <>
                <Button
                  className="px-2.5 py-1.5"
                  disabled={update.isPending}
                  onClick={() =>
                    update.mutate({ organizationId, workspaceId, subject: subjectOf(member), role })
                  }
                >
                  {update.isPending ? "Saving…" : "Save"}
                </Button>
                <Button
                  variant="secondary"
                  className="px-2.5 py-1.5"
                  onClick={() => {
                    setRole(member.role);
                    update.reset();
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
        {member.type === "user" && member.organizationOwner ? (
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            Organization owner: always a workspace owner{inheritedOnly ? "" : ", whatever this role says"}.
          </p>
        ) : null}
        {error ? (
          <div className="mt-2 max-w-sm">
            <FormError message={sentence(error.message)} />
          </div>
        ) : null}
      </td>
      {canManage ? (
        <td className="px-5 py-3 text-right whitespace-nowrap">
          {inheritedOnly ? null : confirming ? (
            <span className="inline-flex flex-wrap items-center justify-end gap-2">
              <span className="text-slate-700 dark:text-slate-300">
                Revoke {isYou ? "your" : `${name}'s`} role?
              </span>
              <Button
                variant="danger"
                className="px-2.5 py-1.5"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate({ organizationId, workspaceId, subject: subjectOf(member) })}
              >
                {revoke.isPending ? "Revoking…" : "Revoke"}
              </Button>
              <Button
                variant="secondary"
                className="px-2.5 py-1.5"
                onClick={() => {
                  setConfirming(false);
                  revoke.reset();
                }}
              >
                Cancel
              </Button>
            </span>
          ) : (
            <Button
              variant="link"
              className="text-red-700 dark:text-red-400"
              onClick={() => setConfirming(true)}
              aria-label={`Revoke the workspace role of ${name}`}
            >
              Revoke
            </Button>
          )}
        </td>
      ) : null}
    </tr>
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
      <p className="px-5 py-4 text-sm text-slate-600 dark:text-slate-400">
        Everyone who could get a role here has one. To add more people,{" "}
        <Link
          href={`/orgs/${organizationId}/members`}
          className="font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
          invite them to the organization
        </Link>{" "}
        or{" "}
        <Link
          href={`/orgs/${organizationId}/teams`}
          className="font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
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
          <label htmlFor={subjectId} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
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
            {people.length ? (
              <optgroup label="People">
                {people.map((p) => (
                  <option key={p.id} value={`user:${p.id}`}>
                    {p.label}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {teams.length ? (
              <optgroup label="Teams">
                {teams.map((t) => (
                  <option key={t.id} value={`team:${t.id}`}>
                    {t.label}
                  </option>
                ))}
              </optgroup>
            ) : null}
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
      <dl className="grid gap-x-4 gap-y-1 text-xs text-slate-600 sm:grid-cols-[auto_1fr] dark:text-slate-400">
        {WORKSPACE_ROLE_OPTIONS.map((option) => (
          <div key={option.value} className="contents">
            <dt className="font-medium text-slate-800 dark:text-slate-200">{option.label}</dt>
            <dd>{option.description}</dd>
          </div>
        ))}
      </dl>
    </form>
  );
}
