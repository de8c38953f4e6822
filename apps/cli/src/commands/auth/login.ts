import type { Command } from "commander";
import { ok } from "../../api/client.ts";
import type { Me } from "../../api/types.ts";
import type { StoredConfig } from "../../config/config-file.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand } from "../../options.ts";
import { Session } from "../../session.ts";
import { note, print } from "../shared.ts";
import { accountPrintable, currentAccount } from "./account.ts";
import { askFor, firstLineOfStdin, password } from "./credentials.ts";
import { isSessionToken, signOutQuietly } from "./session-token.ts";

export function registerLoginCommand(program: Command, context: CliContext): void {
  defineCommand(program, "login", "log in with an API token, or with email and password", { prints: true })
    .option(
      "--token [token]",
      "an API token (skp_…); without a value it is read from a prompt, or from stdin when not interactive",
    )
    .option(
      "--email <email>",
      "log in as this local account (password from a prompt, stdin or SKYPORT_PASSWORD)",
    )
    .option("--password-stdin", "read the password from stdin")
    .addHelpText(
      "after",
      "\nThe token is stored in ~/.skyport/config.yaml (mode 0600) for the server given by --api-url\n" +
        "or SKYPORT_API_URL; it is never sent to another server.",
    )
    .action(async (options: Record<string, string | boolean | undefined>, command: Command) => {
      const session = await Session.open(context, command);
      const token = await obtainToken(session, options);
      const me = await ok(session.client(token).api.GET("/me"));
      const organizationId = await organizationAfterLogin(session, token, me);
      const sameOrganization = session.storedApplies && session.stored.organizationId === organizationId;
      const previous = session.storedApplies ? session.stored.token : undefined;

      const file = await session.saveConfig({
        apiUrl: session.apiUrl,
        token,
        organizationId,
        workspaceId: sameOrganization ? session.stored.workspaceId : undefined,
      } satisfies StoredConfig);
      // The session this login replaces would otherwise stay valid until it expires.
      if (previous && previous !== token && isSessionToken(previous)) await signOutQuietly(session, previous);

      const who = me.type === "user" ? me.user.email : `API token “${me.apiToken.name}”`;
      note(session, `Logged in to ${session.apiUrl} as ${who} (saved in ${file}).`);
      if (!organizationId) {
        note(session, "You belong to several organizations: choose one with `skyport organization switch`.");
      }
      const signedIn = await Session.open(context, command);
      if (signedIn.token?.source === "SKYPORT_API_TOKEN") {
        note(session, "warning: SKYPORT_API_TOKEN is set and takes precedence over this login.");
      }
      print(session, accountPrintable(await currentAccount(signedIn)));
    });
}

async function obtainToken(session: Session, options: Record<string, string | boolean | undefined>) {
  if (options.token !== undefined) {
    if (options.email) throw new CliError("give either --token or --email, not both", ExitCode.Usage);
    if (typeof options.token === "string" && options.token.trim() !== "") return options.token.trim();
    const prompter = session.context.prompter;
    return prompter ? (await prompter.secret("API token:")).trim() : firstLineOfStdin(session, "--token");
  }
  if (!options.email && !session.context.prompter) {
    throw new CliError(
      "pass --token (an API token) or --email with --password-stdin or SKYPORT_PASSWORD when not run interactively",
      ExitCode.Usage,
    );
  }
  const email = await askFor(session, options.email as string | undefined, {
    message: "Email:",
    flag: "--email",
  });
  const secret = await password(session, { fromStdin: options.passwordStdin as boolean | undefined });
  const answer = await ok(
    session.client(undefined).api.POST("/auth/sessions", { body: { email, password: secret } }),
  );
  return answer.sessionToken;
}

/**
 * The organization to make current: the one already current if the caller still belongs to it,
 * an API token's own, or a person's only one. Undefined when they must choose.
 */
async function organizationAfterLogin(session: Session, token: string, me: Me): Promise<string | undefined> {
  if (me.type === "apiToken") return me.apiToken.organizationId;
  const client = session.client(token);
  const organizations = await client.all((query) => client.api.GET("/organizations", { params: { query } }));
  const current = session.storedApplies ? session.stored.organizationId : undefined;
  if (current && organizations.some((o) => o.id === current)) return current;
  return organizations.length === 1 ? organizations[0]?.id : undefined;
}
