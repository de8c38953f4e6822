import type { Command } from "commander";
import { type ApiClient, idempotent, ok } from "../../api/client.ts";
import type { Team } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Column } from "../../output.ts";
import { requireOne } from "../../resolve.ts";
import { Session } from "../../session.ts";
import { resolveMember } from "../organization/members.ts";
import {
  confirmOrRefuse,
  given,
  inOrganization,
  note,
  print,
  renaming,
  shortTime,
  withSession,
} from "../shared.ts";
import { teamLookup } from "./lookup.ts";

/** Created and updated teams come without their members; listed ones with them. */
type TeamRow = Omit<Team, "members"> & Partial<Pick<Team, "members">>;

const teamColumns: Column<TeamRow>[] = [
  { header: "Name", value: (t) => t.name },
  { header: "ID", value: (t) => t.id },
  { header: "Members", value: (t) => (t.members ? t.members.length : "") },
  { header: "Created", value: (t) => shortTime(t.createdAt) },
  { header: "Description", value: (t) => t.description },
];

type TeamMember = NonNullable<Team["members"]>[number];
type TeamMembership = TeamMember & { organizationId: string; teamId: string; team: string };

const memberColumns: Column<TeamMembership>[] = [
  { header: "Team", value: (m) => m.team },
  { header: "Name", value: (m) => m.name },
  { header: "Email", value: (m) => m.email },
  { header: "ID", value: (m) => m.id },
];

async function teamsAndOrganization(session: Session) {
  const organizationId = await session.organizationId();
  const teams = await listTeams(session.authenticated(), organizationId);
  return { organizationId, teams };
}

export function listTeams(client: ApiClient, organizationId: string): Promise<Team[]> {
  return client.all((query) =>
    client.api.GET("/organizations/{organizationId}/teams", { params: { path: { organizationId }, query } }),
  );
}

export function registerTeamCommands(program: Command, context: CliContext): void {
  const team = defineGroup(program, "team", "teams: groups of organization members that hold roles together");

  defineCommand(team, "list", "list the organization's teams", { prints: true }).action(
    withSession(context, async (session) => {
      const { teams } = await teamsAndOrganization(session);
      print(session, { data: teams, columns: teamColumns, rows: teams });
    }),
  );

  defineCommand(team, "create <NAME>", "create a team", { prints: true })
    .option("--description <text>", "what the team is for")
    .action(
      inOrganization(
        context,
        async (session, organizationId, name: string, options: { description?: string }) => {
          const created = await ok(
            session.api.POST("/organizations/{organizationId}/teams", {
              params: { path: { organizationId }, header: idempotent() },
              body: { name, ...given({ description: options.description }) },
            }),
          );
          print(session, { data: created, columns: teamColumns, rows: [created] });
        },
      ),
    );

  defineCommand(team, "update <ID|NAME>", "rename a team or change its description", { prints: true })
    .option("--name <name>", "the new name")
    .option("--description <text>", "the new description")
    .action(async (wanted: string, options: { name?: string; description?: string }, command: Command) => {
      const changes = renaming(options);
      const session = await Session.open(context, command);
      const { organizationId, teams } = await teamsAndOrganization(session);
      const target = requireOne(teamLookup, teams, wanted);
      const updated = await ok(
        session.api.PATCH("/organizations/{organizationId}/teams/{teamId}", {
          params: { path: { organizationId, teamId: target.id } },
          body: changes,
        }),
      );
      print(session, { data: updated, columns: teamColumns, rows: [updated] });
    });

  defineCommand(team, "delete <ID|NAME>", "delete a team; the roles it held go with it")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      withSession(context, async (session, wanted: string, options: { yes?: boolean }) => {
        const { organizationId, teams } = await teamsAndOrganization(session);
        const target = requireOne(teamLookup, teams, wanted);
        await confirmOrRefuse(session, `Delete team “${target.name}” and the roles it holds?`, {
          yes: options.yes,
          what: "delete a team",
        });
        await ok(
          session.api.DELETE("/organizations/{organizationId}/teams/{teamId}", {
            params: { path: { organizationId, teamId: target.id } },
          }),
        );
        note(session, `Deleted team “${target.name}”.`);
      }),
    );

  const member = defineGroup(team, "member", "who is in a team");

  defineCommand(member, "list <TEAM>", "list a team's members", { prints: true }).action(
    withSession(context, async (session, wanted: string) => {
      const { organizationId, teams } = await teamsAndOrganization(session);
      const target = requireOne(teamLookup, teams, wanted);
      const members = (target.members ?? []).map((m) => membership(m, organizationId, target));
      print(session, { data: members, columns: memberColumns, rows: members });
    }),
  );

  defineCommand(member, "add <TEAM> <USER>", "add an organization member (ID or email) to a team", {
    prints: true,
  }).action(
    withSession(context, async (session, wantedTeam: string, wantedUser: string) => {
      const { organizationId, teams } = await teamsAndOrganization(session);
      const target = requireOne(teamLookup, teams, wantedTeam);
      const user = await resolveMember(session, organizationId, wantedUser);
      const added = await ok(
        session.api.PUT("/organizations/{organizationId}/teams/{teamId}/members/{userId}", {
          params: { path: { organizationId, teamId: target.id, userId: user.userId } },
          body: {},
        }),
      );
      const row = membership(added, organizationId, target);
      print(session, { data: row, columns: memberColumns, rows: [row] });
    }),
  );

  defineCommand(member, "remove <TEAM> <USER>", "remove a member (ID or email) from a team").action(
    withSession(context, async (session, wantedTeam: string, wantedUser: string) => {
      const { organizationId, teams } = await teamsAndOrganization(session);
      const target = requireOne(teamLookup, teams, wantedTeam);
      const user = await resolveMember(session, organizationId, wantedUser);
      await ok(
        session.api.DELETE("/organizations/{organizationId}/teams/{teamId}/members/{userId}", {
          params: { path: { organizationId, teamId: target.id, userId: user.userId } },
        }),
      );
      note(session, `Removed ${user.email} from team “${target.name}”.`);
    }),
  );
}

function membership(member: TeamMember, organizationId: string, team: Team): TeamMembership {
  return { ...member, organizationId, teamId: team.id, team: team.name };
}
