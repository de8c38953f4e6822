import { router } from "../../init.ts";
import { apiTokenCreate } from "./create.ts";
import { apiTokenList } from "./list.ts";
import { apiTokenRevoke } from "./revoke.ts";

export const apiTokenRouter = router({
  create: apiTokenCreate,
  list: apiTokenList,
  revoke: apiTokenRevoke,
});
