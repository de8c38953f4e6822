import { z } from "zod";
import { environmentChangeShape, keyValueViewSchema } from "../deployment-environment/schemas.ts";

export const environmentVariableViewSchema = keyValueViewSchema;

/** By id, or by key (exactly one; the domain says so otherwise). */
export const environmentVariableRefShape = { id: z.string().optional(), key: z.string().optional() };

export const environmentVariableChangeSchema = z.object({
  environmentVariable: environmentVariableViewSchema,
  ...environmentChangeShape,
});
