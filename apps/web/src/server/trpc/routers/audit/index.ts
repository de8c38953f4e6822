import { router } from "../../init.ts";
import { auditList } from "./list.ts";
import { auditVerify } from "./verify.ts";

export const auditRouter = router({
  list: auditList,
  verify: auditVerify,
});
