import { findNulCharacter, nulCharacterMessage } from "@skyport/domain";
import { TRPCError } from "@trpc/server";
import { MAX_BODY_BYTES, readBodyText } from "../http-errors.ts";
import type { RestRoute } from "./define.ts";
import { badRequest, RestError } from "./errors.ts";
import { jsonSchemaOf, propertyTypes } from "./json-schema.ts";

/** Query parameters every paginated list takes besides its own. */
const PAGE_PARAMETERS = new Set(["cursor", "limit"]);

const propertiesCache = new WeakMap<RestRoute, Record<string, unknown>>();

/** The input's properties as JSON Schema (to coerce query strings and name unknown fields). */
export function inputProperties(route: RestRoute): Record<string, unknown> {
  let properties = propertiesCache.get(route);
  if (!properties) {
    properties = (jsonSchemaOf(route.input, "input").properties ?? {}) as Record<string, unknown>;
    propertiesCache.set(route, properties);
  }
  return properties;
}

export function hasBody(route: RestRoute): boolean {
  return route.method === "POST" || route.method === "PATCH" || route.method === "PUT";
}

async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request, MAX_BODY_BYTES);
  if (text.trim() === "") return {};
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType && !/\bjson\b/i.test(contentType)) {
    throw new RestError(415, "UNSUPPORTED_MEDIA_TYPE", "send the request body as application/json");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the body around the error, and bodies carry secrets.
    throw badRequest("the request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest("the request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/** Query strings become the types the input expects (booleans, numbers, repeated arrays). */
function queryInput(route: RestRoute, query: URLSearchParams): Record<string, unknown> {
  const properties = inputProperties(route);
  const values: Record<string, unknown> = {};
  for (const name of new Set(query.keys())) {
    if (route.paginated && PAGE_PARAMETERS.has(name)) continue;
    const types = propertyTypes(properties[name]);
    const raw = query.getAll(name);
    const one = raw.at(-1) as string;
    if (types.has("array")) values[name] = raw;
    else if (types.has("boolean") && (one === "true" || one === "false")) values[name] = one === "true";
    else if ((types.has("integer") || types.has("number")) && one.trim() !== "" && !Number.isNaN(Number(one)))
      values[name] = Number(one);
    else values[name] = one;
  }
  return values;
}

/**
 * Assembles a route's input from the path, the query string (GET, DELETE) or the JSON body,
 * refusing fields the operation does not know (a typo should not be silently ignored) and
 * path parameters repeated elsewhere, then validates it with the procedure's schema.
 */
export async function readInput(
  route: RestRoute,
  request: Request,
  query: URLSearchParams,
  params: Record<string, string>,
): Promise<{ input: Record<string, unknown>; body: unknown }> {
  const fields = hasBody(route) && !route.rawBody ? await readJsonBody(request) : queryInput(route, query);
  const known = inputProperties(route);
  for (const name of Object.keys(fields)) {
    if (name in params) throw badRequest("is given by the URL path; leave it out of the request", name);
    if (!(name in known)) throw badRequest("is not a field of this operation", name);
  }
  const nul = findNulCharacter({ ...fields, ...params });
  if (nul) throw badRequest(nulCharacterMessage(nul), nul.path || "body");
  const parsed = route.input.safeParse({ ...fields, ...params });
  if (!parsed.success)
    throw new TRPCError({ code: "BAD_REQUEST", message: parsed.error.message, cause: parsed.error });
  return { input: parsed.data as Record<string, unknown>, body: fields };
}
