import { router } from "../../init.ts";
import { teamAddMember } from "./add-member.ts";
import { teamCreate } from "./create.ts";
import { teamDelete } from "./delete.ts";
import { teamList } from "./list.ts";
import { teamRemoveMember } from "./remove-member.ts";
import { teamRename } from "./rename.ts";

export const teamRouter = router({
  list: teamList,
  create: teamCreate,
  rename: teamRename,
  delete: teamDelete,
  addMember: teamAddMember,
  removeMember: teamRemoveMember,
});
