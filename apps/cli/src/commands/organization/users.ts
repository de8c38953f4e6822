import type { Command } from "commander";
import { idempotent, ok } from "../../api/client.ts";
import {
  type BodyOf,
  everyOf,
  type Invitation,
  type OrganizationMember,
  type OrganizationRoleName,
} from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Column } from "../../output.ts";
import { choiceOption, confirmOrRefuse, inOrganization, note, print, shortTime } from "../shared.ts";
import { resolveMember } from "./members.ts";

// The roles API tokens may carry include every organization role as an enumeration.
type OrganizationRole = Extract<BodyOf<"createApiToken">["role"], `ORGANIZATION_${string}`>;
export const ORGANIZATION_ROLES = everyOf<OrganizationRole>()([
  "ORGANIZATION_OWNER",
  "ORGANIZATION_BILLING_ADMIN",
  "ORGANIZATION_MEMBER",
]);

const memberColumns: Column<OrganizationMember>[] = [
  { header: "Name", value: (m) => m.name },
  { header: "Email", value: (m) => m.email },
  { header: "ID", value: (m) => m.userId },
  { header: "Role", value: (m) => m.role },
  { header: "Joined", value: (m) => shortTime(m.joinedAt) },
];

const invitationColumns: Column<Invitation>[] = [
  { header: "Email", value: (i) => i.email },
  { header: "Role", value: (i) => i.role },
  { header: "Status", value: (i) => (i.expired && i.status === "PENDING" ? "EXPIRED" : i.status) },
  { header: "ID", value: (i) => i.id },
  { header: "Expires", value: (i) => shortTime(i.expiresAt) },
];

/** Members' answers carry userId; the object printed also says which organization. */
function withOrganization<T extends object>(item: T, organizationId: string) {
  return { ...item, organizationId };
}

export function registerOrganizationUserCommands(organization: Command, context: CliContext): void {
  const user = defineGroup(organization, "user", "the organization's members and invitations");

  defineCommand(user, "invite <EMAIL>", "invite someone by email; they get a link to join", { prints: true })
    .addOption(choiceOption("--role <role>", "their role (default: ORGANIZATION_MEMBER)", ORGANIZATION_ROLES))
    .action(
      inOrganization(context, async (session, organizationId, email: string, options: { role?: string }) => {
        const answer = await ok(
          session.api.POST("/organizations/{organizationId}/invitations", {
            params: { path: { organizationId }, header: idempotent() },
            body: { email, role: (options.role ?? "ORGANIZATION_MEMBER") as OrganizationRoleName },
          }),
        );
        if (!answer.emailQueued) {
          note(session, "warning: the invitation email could not be queued; resend it from the console.");
        }
        const invitation = withOrganization(answer.invitation, organizationId);
        print(session, { data: invitation, columns: invitationColumns, rows: [invitation] });
      }),
    );

  defineCommand(user, "list", "list the organization's members (and pending invitations)", { prints: true })
    .option("--invitations", "list invitations instead of members")
    .action(
      inOrganization(context, async (session, organizationId, options: { invitations?: boolean }) => {
        const client = session.authenticated();
        const path = { organizationId };
        if (options.invitations) {
          const invitations = await client.all((query) =>
            client.api.GET("/organizations/{organizationId}/invitations", { params: { path, query } }),
          );
          print(session, { data: invitations, columns: invitationColumns, rows: invitations });
          return;
        }
        const members = await client.all((query) =>
          client.api.GET("/organizations/{organizationId}/users", { params: { path, query } }),
        );
        print(session, { data: members, columns: memberColumns, rows: members });
      }),
    );

  defineCommand(user, "update <ID|EMAIL>", "change a member's organization role", { prints: true })
    .addOption(choiceOption("--role <role>", "the new role", ORGANIZATION_ROLES, { required: true }))
    .action(
      inOrganization(
        context,
        async (session, organizationId, wanted: string, options: { role: OrganizationRole }) => {
          const member = await resolveMember(session, organizationId, wanted);
          const updated = await ok(
            session.api.PATCH("/organizations/{organizationId}/users/{userId}", {
              params: { path: { organizationId, userId: member.userId } },
              body: { role: options.role },
            }),
          );
          const row = withOrganization(updated, organizationId);
          print(session, { data: row, columns: memberColumns, rows: [row] });
        },
      ),
    );

  defineCommand(user, "remove <ID|EMAIL>", "remove a member, with every role they hold in the organization")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      inOrganization(context, async (session, organizationId, wanted: string, options: { yes?: boolean }) => {
        const member = await resolveMember(session, organizationId, wanted);
        await confirmOrRefuse(session, `Remove ${member.name} <${member.email}> from the organization?`, {
          yes: options.yes,
          what: "remove a member",
        });
        await ok(
          session.api.DELETE("/organizations/{organizationId}/users/{userId}", {
            params: { path: { organizationId, userId: member.userId } },
          }),
        );
        note(session, `Removed ${member.email} from the organization.`);
      }),
    );
}
