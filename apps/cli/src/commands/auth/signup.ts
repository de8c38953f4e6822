import type { Command } from "commander";
import { ApiError, ok } from "../../api/client.ts";
import type { BodyOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { describeField, fieldLine } from "../../field-words.ts";
import { defineCommand } from "../../options.ts";
import { Session } from "../../session.ts";
import { note, print } from "../shared.ts";
import { accountPrintable, currentAccount } from "./account.ts";
import { askFor, password } from "./credentials.ts";

type SignUp = BodyOf<"signUp">;

/** How many times a person at a terminal may correct what the server refused. */
const CORRECTIONS = 3;

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
        "SKYPORT_PASSWORD. On a terminal, a value the server refuses is asked for again, alone.",
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
      const fromStdin = options.passwordStdin as boolean | undefined;
      const secret = await password(session, { fromStdin, newPassword: true });

      const answer = await signUpCorrecting(session, command, {
        email,
        name,
        organizationName,
        password: secret,
      });
      const file = await session.saveConfig({
        apiUrl: session.apiUrl,
        token: answer.sessionToken,
        organizationId: answer.organization.id,
        workspaceId: undefined,
      });
      note(
        session,
        `Signed up and logged in to ${session.apiUrl} as ${answer.user.email} (saved in ${file}); ` +
          `organization “${answer.organization.name}” is current.`,
      );
      const signedIn = await Session.open(context, command);
      if (signedIn.token?.source === "SKYPORT_API_TOKEN") {
        note(session, "warning: SKYPORT_API_TOKEN is set and takes precedence over this login.");
      }
      print(session, accountPrintable(await currentAccount(signedIn)));
    });
}

/**
 * Sends the sign-up. When the server refuses some of the values and someone is at the
 * terminal, says what it said about each and asks again for those alone, keeping everything
 * else that was typed; the rules themselves (password length and strength …) are the server's.
 */
async function signUpCorrecting(session: Session, command: Command, values: SignUp) {
  const prompter = session.context.prompter;
  for (let corrections = 0; ; corrections++) {
    try {
      return await ok(session.client(undefined).api.POST("/auth/signup", { body: values }));
    } catch (error) {
      const refused = error instanceof ApiError && error.status === 400 ? refusedFields(error) : [];
      const askable = refused.every(([field]) => field in PROMPTS);
      if (!prompter || refused.length === 0 || !askable || corrections >= CORRECTIONS) throw error;
      for (const [field, messages] of refused) {
        for (const message of messages) note(session, fieldLine(describeField(command, field, message)));
      }
      for (const [field] of refused) {
        const key = field as keyof typeof PROMPTS;
        values[key] =
          key === "password"
            ? await password(session, { fromStdin: false, newPassword: true, again: true })
            : await askFor(session, undefined, { message: PROMPTS[key], flag: `--${kebab(key)}` });
      }
    }
  }
}

const PROMPTS = {
  email: "Email:",
  name: "Your name:",
  organizationName: "Organization name:",
  password: "Choose a password:",
} as const satisfies Record<keyof SignUp, string>;

function refusedFields(error: ApiError): Array<[string, string[]]> {
  const fields = Object.entries(error.fieldErrors);
  return fields.length > 0 ? fields : error.field ? [[error.field, [error.serverMessage]]] : [];
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
