import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { defineGroup } from "../../options.ts";
import { registerEnvironmentCommands } from "../environment/index.ts";
import { registerWorkspaceMemberCommands } from "./members.ts";
import { registerWorkspaceResourceCommands } from "./workspaces.ts";

export function registerWorkspaceCommands(program: Command, context: CliContext): void {
  const workspace = defineGroup(program, "workspace", "workspaces and who holds roles in them");
  registerWorkspaceResourceCommands(workspace, context);
  registerWorkspaceMemberCommands(workspace, "user", context);
  registerWorkspaceMemberCommands(workspace, "team", context);
  registerEnvironmentCommands(workspace, "workspace", context);
}
