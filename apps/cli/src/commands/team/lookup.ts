import type { Team } from "../../api/types.ts";
import { namedLookup } from "../../resolve.ts";

export const teamLookup = namedLookup<Team>("team", "in this organization");
