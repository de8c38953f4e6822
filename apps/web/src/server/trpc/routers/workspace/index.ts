import { router } from "../../init.ts";
import { workspaceCreate } from "./create.ts";
import { workspaceDelete } from "./delete.ts";
import { workspaceGet } from "./get.ts";
import { workspaceList } from "./list.ts";
import { workspaceUpdate } from "./update.ts";

export const workspaceRouter = router({
  list: workspaceList,
  get: workspaceGet,
  create: workspaceCreate,
  update: workspaceUpdate,
  delete: workspaceDelete,
});
