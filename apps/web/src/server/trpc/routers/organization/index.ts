import { router } from "../../init.ts";
import { organizationCreate } from "./create.ts";
import { organizationGet } from "./get.ts";
import { organizationLeave } from "./leave.ts";
import { organizationListMine } from "./list-mine.ts";
import { organizationRename } from "./rename.ts";

export const organizationRouter = router({
  listMine: organizationListMine,
  get: organizationGet,
  create: organizationCreate,
  rename: organizationRename,
  leave: organizationLeave,
});
