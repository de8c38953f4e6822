import { router } from "../../init.ts";
import { workspaceMemberGrant } from "./grant.ts";
import { workspaceMemberList } from "./list.ts";
import { workspaceMemberRevoke } from "./revoke.ts";
import { workspaceMemberUpdate } from "./update.ts";

export const workspaceMemberRouter = router({
  list: workspaceMemberList,
  grant: workspaceMemberGrant,
  update: workspaceMemberUpdate,
  revoke: workspaceMemberRevoke,
});
