import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { defineCommand } from "../../options.ts";
import { print, withSession } from "../shared.ts";
import { accountPrintable, currentAccount } from "./account.ts";

export function registerWhoamiCommand(program: Command, context: CliContext): void {
  defineCommand(
    program,
    "whoami",
    "show who you are logged in as, and the current organization and workspace",
    {
      prints: true,
    },
  ).action(
    withSession(context, async (session) => {
      print(session, accountPrintable(await currentAccount(session)));
    }),
  );
}
