import { z } from "zod";
import { environmentChangeShape, keyValueViewSchema } from "../deployment-environment/schemas.ts";

export const airflowVariableViewSchema = keyValueViewSchema.extend({ description: z.string() });

/** By id, or by key (exactly one; the domain says so otherwise). */
export const airflowVariableRefShape = { id: z.string().optional(), key: z.string().optional() };

export const airflowVariableChangeSchema = z.object({
  airflowVariable: airflowVariableViewSchema,
  ...environmentChangeShape,
});
