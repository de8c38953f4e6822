import type { Command } from "commander";
import type { OrganizationSummary } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand } from "../../options.ts";
import type { Column } from "../../output.ts";
import { requireOne } from "../../resolve.ts";
import { organizationLookup } from "../../session.ts";
import { note, print, withSession } from "../shared.ts";

const columns = (currentId: string | undefined): Column<OrganizationSummary>[] => [
  { header: "Current", value: (o) => (o.id === currentId ? "*" : "") },
  { header: "Name", value: (o) => o.name },
  { header: "ID", value: (o) => o.id },
  { header: "Slug", value: (o) => o.slug },
  { header: "Your role", value: (o) => o.role },
];

export function registerOrganizationContextCommands(organization: Command, context: CliContext): void {
  defineCommand(organization, "list", "list the organizations you belong to", { prints: true }).action(
    withSession(context, async (session) => {
      const organizations = await session.organizations();
      const current = await session.organizationId().catch(() => undefined);
      print(session, { data: organizations, columns: columns(current), rows: organizations });
    }),
  );

  defineCommand(organization, "switch <ID|NAME>", "make an organization the current one", {
    prints: true,
  }).action(
    withSession(context, async (session, wanted: string) => {
      const chosen = requireOne(
        { ...organizationLookup, scope: "among yours" },
        await session.organizations(),
        wanted,
      );
      const changed = session.stored.organizationId !== chosen.id;
      await session.saveConfig({
        apiUrl: session.apiUrl,
        organizationId: chosen.id,
        // Workspaces belong to one organization: the current one no longer applies.
        ...(changed ? { workspaceId: undefined } : {}),
      });
      note(session, `Organization “${chosen.name}” is now current.`);
      print(session, { data: chosen, columns: columns(chosen.id), rows: [chosen] });
    }),
  );
}
