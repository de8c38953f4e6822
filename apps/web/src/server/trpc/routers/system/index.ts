import { router } from "../../init.ts";
import { systemHealth } from "./health.ts";

export const systemRouter = router({
  health: systemHealth,
});
