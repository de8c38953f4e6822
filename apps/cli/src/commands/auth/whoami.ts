import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { defineCommand } from "../../options.ts";
import { Session } from "../../session.ts";
import { print } from "../shared.ts";
import { accountPrintable, currentAccount } from "./account.ts";

export function registerWhoamiCommand(program: Command, context: CliContext): void {
  defineCommand(
    program,
    "whoami",
    "show who you are logged in as, and the current organization and workspace",
    {
      prints: true,
    },
  ).action(async (_options: unknown, command: Command) => {
    const session = await Session.open(context, command);
    print(session, accountPrintable(await currentAccount(session)));
  });
}
