import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { defineCommand } from "../../options.ts";
import { note, withSession } from "../shared.ts";
import { isSessionToken, signOutQuietly } from "./session-token.ts";

export function registerLogoutCommand(program: Command, context: CliContext): void {
  defineCommand(program, "logout", "forget the stored token (and end its session on the server)").action(
    withSession(context, async (session) => {
      const stored = session.storedApplies ? session.stored.token : undefined;
      if (!stored) {
        note(session, `Not logged in to ${session.apiUrl}; nothing to do.`);
      } else {
        if (isSessionToken(stored)) await signOutQuietly(session, stored);
        await session.saveConfig({ token: undefined, organizationId: undefined, workspaceId: undefined });
        note(
          session,
          isSessionToken(stored)
            ? `Logged out of ${session.apiUrl}.`
            : `Logged out of ${session.apiUrl}. The API token itself still works until it is revoked (skyport token revoke).`,
        );
      }
      if (context.env.SKYPORT_API_TOKEN) {
        note(session, "SKYPORT_API_TOKEN is still set: commands keep using it until you unset it.");
      }
    }),
  );
}
