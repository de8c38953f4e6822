import type { Db } from "../authz/authorize.ts";
import type { Actor } from "../shared/actor.ts";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
}

/** The person behind a user actor; null for API tokens and the system. */
export async function getCurrentUser(db: Db, actor: Actor): Promise<CurrentUser | null> {
  if (actor.type !== "user") return null;
  return db.user.findUnique({ where: { id: actor.userId }, select: { id: true, email: true, name: true } });
}
