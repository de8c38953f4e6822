import type { Team } from "../../api/types.ts";
import type { Lookup } from "../../resolve.ts";

export const teamLookup: Lookup<Team> = {
  kind: "team",
  scope: "in this organization",
  id: (t) => t.id,
  names: (t) => [t.name],
  describe: (t) => `${t.id}  ${t.name}`,
};
