import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { registerLoginCommand } from "./login.ts";
import { registerLogoutCommand } from "./logout.ts";
import { registerSignupCommand } from "./signup.ts";
import { registerWhoamiCommand } from "./whoami.ts";

export function registerAuthCommands(program: Command, context: CliContext): void {
  registerSignupCommand(program, context);
  registerLoginCommand(program, context);
  registerLogoutCommand(program, context);
  registerWhoamiCommand(program, context);
}
