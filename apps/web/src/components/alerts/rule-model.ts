// What the alert rule form checks before it asks the server, built from the domain's own rule
// contract: one object per rule type (a discriminated union on `type`) whose `properties` are
// that type's RULE_PROPERTIES, so a new rule type needs no change here. Loaded on the first
// submit (zod and the contract stay out of the page's first load).
import {
  ALERT_RULE_TYPES,
  type AlertRuleTypeName,
  createRuleInput,
  patternSchema,
  RULE_PROPERTIES,
} from "@skyport/domain/alerts-contract";
import { z } from "zod";

/** A pattern's ids as typed: one text, comma-separated. */
export function splitIds(text: unknown): unknown {
  if (typeof text !== "string") return text;
  return text
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

/**
 * The property names the chosen type (and, for a type whose properties are a union such as
 * DEPLOYMENT_HEALTH, the chosen variant) takes.
 */
function propertyKeys(schema: z.ZodType, properties: Record<string, unknown>): string[] {
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const discriminator = schema.def.discriminator;
    const options = schema.options as z.ZodObject[];
    const chosen =
      options.find(
        (option) => (option.shape[discriminator] as z.ZodLiteral).value === properties[discriminator],
      ) ?? options[0];
    return chosen ? Object.keys(chosen.shape) : [discriminator];
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The form keeps every type's properties while the type changes; only the chosen type's are sent. */
function onlyTypeProperties(type: AlertRuleTypeName) {
  return (properties: unknown) => {
    if (typeof properties !== "object" || properties === null) return properties;
    const keys = propertyKeys(RULE_PROPERTIES[type], properties as Record<string, unknown>);
    const entries = Object.entries(properties).filter(([key, value]) => {
      if (!keys.includes(key)) return false;
      // An emptied number field is "not given": the type's default (or its required error) applies.
      return !(typeof value === "number" && Number.isNaN(value)) && value !== "";
    });
    return Object.fromEntries(entries);
  };
}

const formPattern = patternSchema.extend({ values: z.preprocess(splitIds, patternSchema.shape.values) });

const common = {
  name: createRuleInput.shape.name,
  severity: createRuleInput.shape.severity,
  patterns: z.array(formPattern),
  channelIds: createRuleInput.shape.channelIds,
};

export const ruleFormSchema = z.discriminatedUnion(
  "type",
  ALERT_RULE_TYPES.map((type) =>
    z.object({
      ...common,
      type: z.literal(type),
      properties: z.preprocess(onlyTypeProperties(type), RULE_PROPERTIES[type]),
    }),
  ) as unknown as readonly [z.ZodObject, ...z.ZodObject[]],
);

export interface RuleFormOutput {
  name: string;
  type: AlertRuleTypeName;
  severity: "INFO" | "WARNING" | "CRITICAL";
  patterns: {
    entity: "DAG_ID" | "TASK_ID";
    operator: "IS" | "IS_NOT" | "INCLUDES" | "EXCLUDES";
    values: string[];
  }[];
  properties: Record<string, unknown>;
  channelIds: string[];
}
