import { router } from "../../init.ts";
import { workerQueueCreate } from "./create.ts";
import { workerQueueDelete } from "./delete.ts";
import { workerQueueList } from "./list.ts";
import { workerQueueUpdate } from "./update.ts";

export const workerQueueRouter = router({
  list: workerQueueList,
  create: workerQueueCreate,
  update: workerQueueUpdate,
  delete: workerQueueDelete,
});
