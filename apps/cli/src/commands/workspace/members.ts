// Workspace roles, granted to users and to teams with the same four commands:
// `skyport workspace user add|list|update|remove` and `skyport workspace team …`.
import type { Command } from "commander";
import { ok } from "../../api/client.ts";
import { type BodyOf, everyOf, type WorkspaceMember } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, defineGroup, workspaceOption } from "../../options.ts";
import type { Column } from "../../output.ts";
import { requireOne } from "../../resolve.ts";
import { Session } from "../../session.ts";
import { resolveMember } from "../organization/members.ts";
import { choiceOption, inOrganization, note, print } from "../shared.ts";
import { listTeams } from "../team/index.ts";
import { teamLookup } from "../team/lookup.ts";

type WorkspaceRole = BodyOf<"addWorkspaceUser">["role"];
export const WORKSPACE_ROLES = everyOf<WorkspaceRole>()([
  "WORKSPACE_OWNER",
  "WORKSPACE_OPERATOR",
  "WORKSPACE_AUTHOR",
  "WORKSPACE_MEMBER",
]);

type Kind = "user" | "team";

interface Subject {
  id: string;
  label: string;
}

interface Binding {
  organizationId: string;
  workspaceId: string;
  type: Kind;
  userId?: string;
  teamId?: string;
  name: string;
  bindingId: string | null;
  role: string;
  /** Users only: the role comes from owning the organization and cannot be changed here. */
  organizationOwner?: boolean;
}

const columns: Column<Binding>[] = [
  { header: "Type", value: (b) => b.type },
  { header: "Name", value: (b) => b.name },
  { header: "ID", value: (b) => b.userId ?? b.teamId },
  { header: "Role", value: (b) => b.role },
  { header: "Via", value: (b) => (b.organizationOwner ? "organization owner" : "") },
];

function toBinding(member: WorkspaceMember, organizationId: string, workspaceId: string): Binding {
  return member.type === "user"
    ? {
        organizationId,
        workspaceId,
        type: "user",
        userId: member.user.id,
        name: `${member.user.name} <${member.user.email}>`,
        bindingId: member.bindingId,
        role: member.role,
        organizationOwner: member.organizationOwner,
      }
    : {
        organizationId,
        workspaceId,
        type: "team",
        teamId: member.team.id,
        name: member.team.name,
        bindingId: member.bindingId,
        role: member.role,
      };
}

async function resolveSubject(session: Session, organizationId: string, kind: Kind, wanted: string) {
  if (kind === "user") {
    const member = await resolveMember(session, organizationId, wanted);
    return { id: member.userId, label: `${member.name} <${member.email}>` } satisfies Subject;
  }
  const teams = await listTeams(session.authenticated(), organizationId);
  const team = requireOne(teamLookup, teams, wanted);
  return { id: team.id, label: team.name } satisfies Subject;
}

interface Target {
  session: Session;
  organizationId: string;
  workspaceId: string;
  subject: Subject;
}

/** The session, the workspace acted in and the user or team named on the command line. */
async function openTarget(
  context: CliContext,
  command: Command,
  kind: Kind,
  wanted: string,
): Promise<Target> {
  const session = await Session.open(context, command);
  const organizationId = await session.organizationId();
  const workspaceId = await session.workspaceId();
  const subject = await resolveSubject(session, organizationId, kind, wanted);
  return { session, organizationId, workspaceId, subject };
}

function bindingOf(kind: Kind, target: Target, answer: { bindingId: string; role: string }): Binding {
  return {
    organizationId: target.organizationId,
    workspaceId: target.workspaceId,
    type: kind,
    ...(kind === "user" ? { userId: target.subject.id } : { teamId: target.subject.id }),
    name: target.subject.label,
    bindingId: answer.bindingId,
    role: answer.role,
  };
}

export function registerWorkspaceMemberCommands(workspace: Command, kind: Kind, context: CliContext): void {
  const plural = kind === "user" ? "users" : "teams";
  const subject = kind === "user" ? "<ID|EMAIL>" : "<ID|NAME>";
  const group = defineGroup(workspace, kind, `${kind === "user" ? "users'" : "teams'"} roles in a workspace`);

  defineCommand(group, `add ${subject}`, `give a ${kind} a role in the workspace`, { prints: true })
    .addOption(workspaceOption())
    .addOption(choiceOption("--role <role>", "the role", WORKSPACE_ROLES, { required: true }))
    .action(async (wanted: string, options: { role: WorkspaceRole }, command: Command) => {
      const target = await openTarget(context, command, kind, wanted);
      const { api } = target.session.authenticated();
      const path = { organizationId: target.organizationId, workspaceId: target.workspaceId };
      const answer =
        kind === "user"
          ? await ok(
              api.POST("/organizations/{organizationId}/workspaces/{workspaceId}/users", {
                params: { path },
                body: { userId: target.subject.id, role: options.role },
              }),
            )
          : await ok(
              api.POST("/organizations/{organizationId}/workspaces/{workspaceId}/teams", {
                params: { path },
                body: { teamId: target.subject.id, role: options.role },
              }),
            );
      const binding = bindingOf(kind, target, answer);
      print(target.session, { data: binding, columns, rows: [binding] });
    });

  defineCommand(group, "list", `list the ${plural} holding roles in the workspace`, { prints: true })
    .addOption(workspaceOption())
    .action(
      inOrganization(context, async (session, organizationId) => {
        const workspaceId = await session.workspaceId();
        const client = session.authenticated();
        const members = await client.all((query) =>
          client.api.GET("/organizations/{organizationId}/workspaces/{workspaceId}/users", {
            params: { path: { organizationId, workspaceId }, query },
          }),
        );
        const bindings = members
          .filter((member) => member.type === kind)
          .map((member) => toBinding(member, organizationId, workspaceId));
        print(session, { data: bindings, columns, rows: bindings });
      }),
    );

  defineCommand(group, `update ${subject}`, `change a ${kind}'s role in the workspace`, { prints: true })
    .addOption(workspaceOption())
    .addOption(choiceOption("--role <role>", "the new role", WORKSPACE_ROLES, { required: true }))
    .action(async (wanted: string, options: { role: WorkspaceRole }, command: Command) => {
      const target = await openTarget(context, command, kind, wanted);
      const { api } = target.session.authenticated();
      const { organizationId, workspaceId } = target;
      const body = { role: options.role };
      const answer =
        kind === "user"
          ? await ok(
              api.PATCH("/organizations/{organizationId}/workspaces/{workspaceId}/users/{userId}", {
                params: { path: { organizationId, workspaceId, userId: target.subject.id } },
                body,
              }),
            )
          : await ok(
              api.PATCH("/organizations/{organizationId}/workspaces/{workspaceId}/teams/{teamId}", {
                params: { path: { organizationId, workspaceId, teamId: target.subject.id } },
                body,
              }),
            );
      const binding = bindingOf(kind, target, answer);
      print(target.session, { data: binding, columns, rows: [binding] });
    });

  defineCommand(group, `remove ${subject}`, `take a ${kind}'s role in the workspace away`)
    .addOption(workspaceOption())
    .action(async (wanted: string, _options: unknown, command: Command) => {
      const target = await openTarget(context, command, kind, wanted);
      const { api } = target.session.authenticated();
      const { organizationId, workspaceId } = target;
      if (kind === "user") {
        await ok(
          api.DELETE("/organizations/{organizationId}/workspaces/{workspaceId}/users/{userId}", {
            params: { path: { organizationId, workspaceId, userId: target.subject.id } },
          }),
        );
      } else {
        await ok(
          api.DELETE("/organizations/{organizationId}/workspaces/{workspaceId}/teams/{teamId}", {
            params: { path: { organizationId, workspaceId, teamId: target.subject.id } },
          }),
        );
      }
      note(target.session, `${target.subject.label} no longer holds a role in the workspace.`);
    });
}
