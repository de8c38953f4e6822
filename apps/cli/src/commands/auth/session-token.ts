import { paths } from "../../api/paths.ts";
import type { Session } from "../../session.ts";

/** API tokens carry Skyport's prefix; anything else the CLI stored came from a sign-in. */
export function isSessionToken(token: string): boolean {
  return !token.startsWith("skp_");
}

/** Ends a session on the server; one that has already expired or ended is fine too. */
export async function signOutQuietly(session: Session, token: string): Promise<boolean> {
  try {
    await session.client(token).delete(paths.currentSession);
    return true;
  } catch {
    return false;
  }
}
