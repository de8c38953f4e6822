import { router } from "../../init.ts";
import { deployBundle } from "./bundle.ts";
import { deployCreate } from "./create.ts";
import { deployGet } from "./get.ts";
import { deployList } from "./list.ts";
import { deployRollback } from "./rollback.ts";

export const deployRouter = router({
  create: deployCreate,
  rollback: deployRollback,
  list: deployList,
  get: deployGet,
  bundle: deployBundle,
});
