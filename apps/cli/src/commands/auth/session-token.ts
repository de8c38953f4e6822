import { ok } from "../../api/client.ts";
import type { Session } from "../../session.ts";

/** API tokens carry Skyport's prefix; anything else the CLI stored came from a sign-in. */
export function isSessionToken(token: string): boolean {
  return !token.startsWith("skp_");
}

/** Ends a session on the server; one that has already expired or ended is fine too. */
export async function signOutQuietly(session: Session, token: string): Promise<boolean> {
  try {
    await ok(session.client(token).api.DELETE("/auth/session"));
    return true;
  } catch {
    return false;
  }
}
