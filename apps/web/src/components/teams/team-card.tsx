"use client";

import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormError, fieldError, formError, inputClass, TextField } from "@/components/forms.tsx";
import { DescriptionField } from "@/components/workspaces/description-field.tsx";
import { sentence } from "@/components/workspaces/role-options.ts";
import type { AppRouter } from "@/server/trpc/router.ts";

type Team = inferRouterOutputs<AppRouter>["team"]["list"]["items"][number];

export interface OrganizationMemberOption {
  userId: string;
  name: string;
  email: string;
}

/** One team: its members, and for organization owners rename, delete and membership controls. */
export function TeamCard({
  organizationId,
  team,
  organizationMembers,
  canManage,
}: {
  organizationId: string;
  team: Team;
  organizationMembers: OrganizationMemberOption[];
  canManage: boolean;
}) {
  const [mode, setMode] = useState<"view" | "rename" | "delete">("view");
  const headingId = `team-${team.id}-heading`;

  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-line bg-surface shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-line px-5 py-4">
        <div className="min-w-0">
          <h2 id={headingId} className="text-base font-semibold text-fg">
            {team.name}
          </h2>
          <p className="mt-0.5 text-sm text-fg-muted">
            {team.description ? `${team.description} · ` : ""}
            {team.members.length} {team.members.length === 1 ? "member" : "members"}
          </p>
        </div>
        {canManage && mode === "view" ? (
          <div className="flex shrink-0 gap-2">
            <Button variant="secondary" className="px-2.5 py-1.5" onClick={() => setMode("rename")}>
              Rename<span className="sr-only"> {team.name}</span>
            </Button>
            <Button
              variant="secondary"
              className="px-2.5 py-1.5 text-danger-fg"
              onClick={() => setMode("delete")}
            >
              Delete<span className="sr-only"> {team.name}</span>…
            </Button>
          </div>
        ) : null}
      </div>

      {mode === "rename" ? (
        <RenameTeamForm organizationId={organizationId} team={team} onDone={() => setMode("view")} />
      ) : null}
      {mode === "delete" ? (
        <DeleteTeam organizationId={organizationId} team={team} onCancel={() => setMode("view")} />
      ) : null}

      {team.members.length === 0 ? (
        <p className="px-5 py-4 text-sm text-fg-muted">
          No members yet.{canManage ? " Add organization members below." : ""}
        </p>
      ) : (
        <ul aria-label={`Members of ${team.name}`} className="divide-y divide-line">
          {team.members.map((member) => (
            <TeamMemberRow
              key={member.id}
              organizationId={organizationId}
              team={team}
              member={member}
              canManage={canManage}
            />
          ))}
        </ul>
      )}

      {canManage ? (
        <AddTeamMemberForm
          organizationId={organizationId}
          team={team}
          organizationMembers={organizationMembers}
        />
      ) : null}
    </section>
  );
}

function TeamMemberRow({
  organizationId,
  team,
  member,
  canManage,
}: {
  organizationId: string;
  team: Team;
  member: Team["members"][number];
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.team.removeMember.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 px-5 py-3 text-sm">
      <div className="min-w-0">
        <span className="font-medium text-fg">{member.name}</span>
        <span className="ml-2 text-fg-muted">{member.email}</span>
        {remove.error ? (
          <div className="mt-2 max-w-sm">
            <FormError message={sentence(remove.error.message)} />
          </div>
        ) : null}
      </div>
      {canManage ? (
        <Button
          variant="link"
          className="text-danger-fg"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ organizationId, teamId: team.id, userId: member.id })}
          aria-label={`Remove ${member.name} from ${team.name}`}
        >
          {remove.isPending ? "Removing…" : "Remove"}
        </Button>
      ) : null}
    </li>
  );
}

function AddTeamMemberForm({
  organizationId,
  team,
  organizationMembers,
}: {
  organizationId: string;
  team: Team;
  organizationMembers: OrganizationMemberOption[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [userId, setUserId] = useState("");
  const add = useMutation(
    trpc.team.addMember.mutationOptions({
      onSuccess: () => {
        setUserId("");
        router.refresh();
      },
    }),
  );
  const inTeam = new Set(team.members.map((m) => m.id));
  const candidates = organizationMembers.filter((m) => !inTeam.has(m.userId));
  const selectId = `team-${team.id}-add-member`;
  const error = fieldError(add.error, "userId");

  function submit(event: FormEvent) {
    event.preventDefault();
    if (userId) add.mutate({ organizationId, teamId: team.id, userId });
  }

  if (candidates.length === 0) {
    return (
      <p className="border-t border-line px-5 py-3 text-sm text-fg-muted">
        Everyone in the organization is in this team.
      </p>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-2 border-t border-line bg-surface-muted px-5 py-3" noValidate>
      <FormError message={sentence(formError(add.error, ["userId"]))} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 sm:max-w-sm">
          <label htmlFor={selectId} className="block text-sm font-medium text-fg">
            Add a member to {team.name}
          </label>
          <select
            id={selectId}
            value={userId}
            onChange={(event) => setUserId(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${selectId}-error` : undefined}
            className={`mt-1.5 ${inputClass}`}
          >
            <option value="" disabled>
              Choose a member of the organization…
            </option>
            {candidates.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({m.email})
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={!userId || add.isPending}>
          {add.isPending ? "Adding…" : "Add"}
        </Button>
      </div>
      {error ? (
        <p id={`${selectId}-error`} className="text-sm text-danger-fg">
          {sentence(error)}
        </p>
      ) : null}
    </form>
  );
}

function RenameTeamForm({
  organizationId,
  team,
  onDone,
}: {
  organizationId: string;
  team: Team;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(team.name);
  const [description, setDescription] = useState(team.description);
  const rename = useMutation(
    trpc.team.rename.mutationOptions({
      onSuccess: () => {
        onDone();
        router.refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    rename.mutate({ organizationId, teamId: team.id, name, description });
  }

  return (
    <form onSubmit={submit} className="space-y-4 border-b border-line px-5 py-4" noValidate>
      <FormError message={sentence(formError(rename.error, ["name", "description"]))} />
      <div className="grid gap-4 lg:grid-cols-2">
        <TextField
          id={`team-${team.id}-name`}
          label="Team name"
          required
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={sentence(fieldError(rename.error, "name"))}
        />
        <DescriptionField
          id={`team-${team.id}-description`}
          label="Description"
          value={description}
          onChange={setDescription}
          error={sentence(fieldError(rename.error, "description"))}
        />
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={rename.isPending}>
          {rename.isPending ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function DeleteTeam({
  organizationId,
  team,
  onCancel,
}: {
  organizationId: string;
  team: Team;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.team.delete.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="space-y-3 border-b border-danger-line bg-danger-soft px-5 py-4">
      <FormError message={sentence(remove.error?.message)} />
      <p className="text-sm text-fg">
        Delete team {team.name}? Its {team.members.length}{" "}
        {team.members.length === 1 ? "member stays" : "members stay"} in the organization but lose
        {team.members.length === 1 ? "s" : ""} every role granted to the team.
      </p>
      <div className="flex gap-2">
        <Button
          variant="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ organizationId, teamId: team.id })}
        >
          {remove.isPending ? "Deleting…" : "Delete team"}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
