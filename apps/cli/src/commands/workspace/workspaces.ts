import type { Command } from "commander";
import { idempotent, ok } from "../../api/client.ts";
import type { Workspace } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand } from "../../options.ts";
import type { Column } from "../../output.ts";
import { listWorkspaces, Session } from "../../session.ts";
import { confirmOrRefuse, given, inOrganization, note, print, renaming, shortTime } from "../shared.ts";
import { resolveWorkspace } from "./resolve.ts";

const columns = (currentId: string | undefined): Column<Workspace>[] => [
  { header: "Current", value: (w) => (w.id === currentId ? "*" : "") },
  { header: "Name", value: (w) => w.name },
  { header: "ID", value: (w) => w.id },
  { header: "Your role", value: (w) => w.role },
  { header: "Created", value: (w) => shortTime(w.createdAt) },
  { header: "Description", value: (w) => w.description },
];

/** The stored current workspace, when it belongs to this organization. */
function currentWorkspace(session: Session, organizationId: string): string | undefined {
  return session.storedApplies && session.stored.organizationId === organizationId
    ? session.stored.workspaceId
    : undefined;
}

export function registerWorkspaceResourceCommands(workspace: Command, context: CliContext): void {
  defineCommand(workspace, "list", "list the workspaces you can see in the organization", {
    prints: true,
  }).action(
    inOrganization(context, async (session, organizationId) => {
      const workspaces = await listWorkspaces(session.authenticated(), organizationId);
      print(session, {
        data: workspaces,
        columns: columns(currentWorkspace(session, organizationId)),
        rows: workspaces,
      });
    }),
  );

  defineCommand(workspace, "create <NAME>", "create a workspace (it becomes current if none is)", {
    prints: true,
  })
    .option("--description <text>", "what the workspace is for")
    .action(
      inOrganization(
        context,
        async (session, organizationId, name: string, options: { description?: string }) => {
          const created = await ok(
            session.api.POST("/organizations/{organizationId}/workspaces", {
              params: { path: { organizationId }, header: idempotent() },
              body: { name, ...given({ description: options.description }) },
            }),
          );
          let current = currentWorkspace(session, organizationId);
          // The first workspace a person creates is where they mean to work next.
          if (!current && session.storedApplies) {
            await session.saveConfig({ organizationId, workspaceId: created.id });
            current = created.id;
            note(session, `Workspace “${created.name}” is now current.`);
          }
          print(session, { data: created, columns: columns(current), rows: [created] });
        },
      ),
    );

  defineCommand(workspace, "switch <ID|NAME>", "make a workspace the current one", { prints: true }).action(
    inOrganization(context, async (session, organizationId, wanted: string) => {
      const chosen = await resolveWorkspace(session, organizationId, wanted);
      await session.saveConfig({ apiUrl: session.apiUrl, organizationId, workspaceId: chosen.id });
      note(session, `Workspace “${chosen.name}” is now current.`);
      print(session, { data: chosen, columns: columns(chosen.id), rows: [chosen] });
    }),
  );

  defineCommand(workspace, "update <ID|NAME>", "rename a workspace or change its description", {
    prints: true,
  })
    .option("--name <name>", "the new name")
    .option("--description <text>", "the new description")
    .action(async (wanted: string, options: { name?: string; description?: string }, command: Command) => {
      const changes = renaming(options);
      const session = await Session.open(context, command);
      const organizationId = await session.organizationId();
      const target = await resolveWorkspace(session, organizationId, wanted);
      const updated = await ok(
        session.api.PATCH("/organizations/{organizationId}/workspaces/{workspaceId}", {
          params: { path: { organizationId, workspaceId: target.id } },
          body: changes,
        }),
      );
      print(session, {
        data: updated,
        columns: columns(currentWorkspace(session, organizationId)),
        rows: [updated],
      });
    });

  defineCommand(workspace, "delete <ID|NAME>", "delete a workspace that has no deployments left")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      inOrganization(context, async (session, organizationId, wanted: string, options: { yes?: boolean }) => {
        const target = await resolveWorkspace(session, organizationId, wanted);
        await confirmOrRefuse(session, `Delete workspace “${target.name}” (${target.id})?`, {
          yes: options.yes,
          what: "delete a workspace",
        });
        await ok(
          session.api.DELETE("/organizations/{organizationId}/workspaces/{workspaceId}", {
            params: { path: { organizationId, workspaceId: target.id } },
          }),
        );
        if (currentWorkspace(session, organizationId) === target.id)
          await session.saveConfig({ workspaceId: undefined });
        note(session, `Deleted workspace “${target.name}”.`);
      }),
    );
}
