import { z } from "zod";

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema. Dates travel as ISO 8601
 * strings; `io` picks what a client sends ("input") or receives ("output"). Schemas `names`
 * names are not inlined: they go to `$defs` under their name, referenced by `$ref`.
 */
export function jsonSchemaOf(
  schema: z.ZodType,
  io: "input" | "output",
  names?: ReadonlyMap<z.ZodType, string>,
): JsonSchema {
  return z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
    ...(names ? { metadata: withNames(names) } : {}),
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === "date") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.format = "date-time";
      }
    },
  }) as JsonSchema;
}

/** The global registry's metadata (descriptions), with an `id` for each named schema. */
function withNames(names: ReadonlyMap<z.ZodType, string>) {
  return {
    get(schema: z.ZodType) {
      const meta = z.globalRegistry.get(schema);
      const id = names.get(schema);
      return id === undefined ? meta : { ...meta, id };
    },
  } as unknown as typeof z.globalRegistry;
}

/** The JSON types a property may take (looking through anyOf/oneOf for nullable fields). */
export function propertyTypes(property: unknown): Set<string> {
  const types = new Set<string>();
  const visit = (node: unknown) => {
    if (typeof node !== "object" || node === null) return;
    const { type, anyOf, oneOf } = node as { type?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
    if (typeof type === "string") types.add(type);
    if (Array.isArray(type)) for (const t of type) types.add(String(t));
    for (const branch of [...(anyOf ?? []), ...(oneOf ?? [])]) visit(branch);
  };
  visit(property);
  return types;
}
