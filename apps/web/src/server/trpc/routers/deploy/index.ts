import { router } from "../../init.ts";
import { deployBundle } from "./bundle.ts";
import { deployCreate } from "./create.ts";
import { deployCreateImage } from "./create-image.ts";
import { deployGet } from "./get.ts";
import { deployList } from "./list.ts";
import {
  deployDeleteRegistryCredential,
  deployRegistryCredential,
  deploySetRegistryCredential,
} from "./registry-credential.ts";
import { deployRollback } from "./rollback.ts";

export const deployRouter = router({
  create: deployCreate,
  createImage: deployCreateImage,
  rollback: deployRollback,
  list: deployList,
  get: deployGet,
  bundle: deployBundle,
  registryCredential: deployRegistryCredential,
  setRegistryCredential: deploySetRegistryCredential,
  deleteRegistryCredential: deployDeleteRegistryCredential,
});
