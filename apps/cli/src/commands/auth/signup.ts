import type { Command } from "commander";
import { paths } from "../../api/paths.ts";
import type { SessionUser } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand } from "../../options.ts";
import { Session } from "../../session.ts";
import { note, print } from "../shared.ts";
import { accountPrintable, currentAccount } from "./account.ts";
import { askFor, password } from "./credentials.ts";

interface SignupAnswer {
  user: SessionUser;
  organization: { id: string; name: string; slug: string };
  sessionToken: string;
}

export function registerSignupCommand(program: Command, context: CliContext): void {
  defineCommand(program, "signup", "create an account and its first organization, and log in", {
    prints: true,
  })
    .option("--email <email>", "your email address")
    .option("--name <name>", "your name")
    .option("--organization-name <name>", "name of the organization to create")
    .option("--password-stdin", "read the password from stdin (else SKYPORT_PASSWORD, else a prompt)")
    .addHelpText(
      "after",
      "\nOnly for a Skyport with local accounts (a hosted Skyport signs people up in its console).\n" +
        "Without a terminal every value must come from flags, the password from --password-stdin or\n" +
        "SKYPORT_PASSWORD.",
    )
    .action(async (options: Record<string, string | boolean | undefined>, command: Command) => {
      const session = await Session.open(context, command);
      const email = await askFor(session, options.email as string | undefined, {
        message: "Email:",
        flag: "--email",
      });
      const name = await askFor(session, options.name as string | undefined, {
        message: "Your name:",
        flag: "--name",
      });
      const organizationName = await askFor(session, options.organizationName as string | undefined, {
        message: "Organization name:",
        flag: "--organization-name",
        default: `${name}'s organization`,
      });
      const secret = await password(session, {
        fromStdin: options.passwordStdin as boolean | undefined,
        newPassword: true,
      });

      const answer = await session.client(undefined).request<SignupAnswer>("POST", paths.signup, {
        body: { email, password: secret, name, organizationName },
      });
      const file = await session.saveConfig({
        apiUrl: session.apiUrl,
        token: answer.data.sessionToken,
        organizationId: answer.data.organization.id,
        workspaceId: undefined,
      });
      note(
        session,
        `Signed up and logged in to ${session.apiUrl} as ${answer.data.user.email} (saved in ${file}); ` +
          `organization “${answer.data.organization.name}” is current.`,
      );
      const signedIn = await Session.open(context, command);
      if (signedIn.token?.source === "SKYPORT_API_TOKEN") {
        note(session, "warning: SKYPORT_API_TOKEN is set and takes precedence over this login.");
      }
      print(session, accountPrintable(await currentAccount(signedIn)));
    });
}
