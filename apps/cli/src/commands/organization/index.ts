import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { defineGroup } from "../../options.ts";
import { registerFailingDagsCommand } from "../deployment/telemetry-overview.ts";
import { registerOrganizationContextCommands } from "./context.ts";
import { registerOrganizationUserCommands } from "./users.ts";

export function registerOrganizationCommands(program: Command, context: CliContext): void {
  const organization = defineGroup(program, "organization", "your organizations and their members");
  registerOrganizationContextCommands(organization, context);
  registerOrganizationUserCommands(organization, context);
  registerFailingDagsCommand(organization, context);
}
