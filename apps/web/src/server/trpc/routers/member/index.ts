import { router } from "../../init.ts";
import { memberList } from "./list.ts";
import { memberRemove } from "./remove.ts";
import { memberUpdateRole } from "./update-role.ts";

export const memberRouter = router({
  list: memberList,
  updateRole: memberUpdateRole,
  remove: memberRemove,
});
