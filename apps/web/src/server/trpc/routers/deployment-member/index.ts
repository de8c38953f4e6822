import { router } from "../../init.ts";
import { deploymentMemberGrant } from "./grant.ts";
import { deploymentMemberList } from "./list.ts";
import { deploymentMemberRevoke } from "./revoke.ts";

export const deploymentMemberRouter = router({
  list: deploymentMemberList,
  grant: deploymentMemberGrant,
  revoke: deploymentMemberRevoke,
});
