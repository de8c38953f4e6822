import {
  airflowConnectionContracts,
  airflowConnectionViewSchema,
  airflowVariableContracts,
  airflowVariableViewSchema,
  apiTokenSchema,
  billingRedirectView,
  channelSchema,
  deploymentChangeSchema,
  deploymentRuntimeSchema,
  deploymentSpecSchema,
  deploymentViewSchema,
  deploySchema,
  environmentVariableContracts,
  environmentVariableViewSchema,
  invitationSchema,
  memberSchema,
  namedResourceSchema,
  recommendationView,
  registryCredentialStatusSchema,
  reportSchema,
  revokedBindingSchema,
  ruleSchema,
  skyportVersion,
  subscriberSchema,
  workerQueueSchema,
  workspaceBindingSchema,
  workspaceSummarySchema,
} from "@skyport/domain";
import { z } from "zod";
import { INGEST_TOKEN_SCHEME, ingestTokenSecurityScheme, lineageOpenApiPaths } from "../lineage/contract.ts";
import { pathParameters, type RestRoute } from "./define.ts";
import { restErrorSchema } from "./errors.ts";
import { hasBody, inputProperties } from "./input.ts";
import { jsonSchemaOf } from "./json-schema.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSchema } from "./pagination.ts";
import { REST_ROUTES } from "./routes/index.ts";

type JsonObject = Record<string, unknown>;

const ERROR_RESPONSES: Record<string, string> = {
  "400": "Invalid input: `error.field` names the first offending field, `error.fieldErrors` all of them",
  "401": "No valid session or API token",
  "403": "The caller's role does not allow this",
  "404": "No such resource in this organization (also for other organizations' ids)",
  "409": "Conflicts with current state (a duplicate name, an Idempotency-Key reused with another body, …)",
  "429": "Too many attempts; retry later",
};

/**
 * Statuses Node.js's HTTP parser answers before any route runs, so on every operation and with
 * no body: the request line and headers together may hold 16 KB (its default), and a longer
 * query string (schemathesis sent one of 4-byte characters, each 12 bytes once encoded) is
 * refused whole.
 */
const SERVER_RESPONSES: Record<string, string> = {
  "431":
    "The request line and headers together are larger than the server's 16 KB limit; nothing was done. Send shorter parameters.",
};

/**
 * The views several operations answer, published once under `components.schemas` and
 * referenced from each response (so generated clients name them once, too).
 */
const NAMED_VIEWS = new Map<z.ZodType, string>([
  [deploymentViewSchema, "Deployment"],
  [deploymentSpecSchema, "DeploymentSpec"],
  [deploymentRuntimeSchema, "DeploymentRuntime"],
  [workerQueueSchema, "WorkerQueue"],
  [environmentVariableViewSchema, "EnvironmentVariable"],
  [airflowVariableViewSchema, "AirflowVariable"],
  [airflowConnectionViewSchema, "AirflowConnection"],
  // A workspace and a team as created or renamed: one schema (namedResourceSchema).
  [namedResourceSchema, "NamedResource"],
  [apiTokenSchema, "ApiToken"],
  [invitationSchema, "Invitation"],
  [memberSchema, "OrganizationMember"],
  [workspaceSummarySchema, "WorkspaceSummary"],
  [workspaceBindingSchema, "WorkspaceRoleBinding"],
  [revokedBindingSchema, "RevokedRoleBinding"],
  [deploymentChangeSchema, "DeploymentChange"],
  [deploySchema, "Deploy"],
  [registryCredentialStatusSchema, "RegistryCredentialStatus"],
  [ruleSchema, "AlertRule"],
  [channelSchema, "NotificationChannel"],
  [recommendationView, "Recommendation"],
  [reportSchema, "Report"],
  [subscriberSchema, "ReportSubscriber"],
  [billingRedirectView, "BillingRedirect"],
  // What a deployment's and a workspace's environment operations answer alike.
  ...environmentAnswers("EnvironmentVariable", environmentVariableContracts),
  ...environmentAnswers("AirflowVariable", airflowVariableContracts),
  ...environmentAnswers("AirflowConnection", airflowConnectionContracts),
]);

function environmentAnswers(
  kind: string,
  contracts: { changeOutput: z.ZodType; deleteOutput: z.ZodType; bulkOutput: z.ZodType },
): [z.ZodType, string][] {
  return [
    [contracts.changeOutput, `${kind}Change`],
    [contracts.deleteOutput, `${kind}Deleted`],
    [contracts.bulkOutput, `${kind}BulkChange`],
  ];
}

/**
 * Moves a response schema's named views into `components` (the same name must mean the same
 * schema everywhere) and points its references there.
 */
function publishNamedViews(schema: JsonObject, components: Record<string, unknown>): JsonObject {
  const { $defs, ...rest } = schema as JsonObject & { $defs?: Record<string, unknown> };
  for (const [name, definition] of Object.entries($defs ?? {})) {
    const published = JSON.stringify(retarget(definition));
    const existing = components[name];
    if (existing !== undefined && JSON.stringify(existing) !== published) {
      throw new Error(`OpenAPI component ${name} differs between operations`);
    }
    components[name] = JSON.parse(published);
  }
  return retarget(rest) as JsonObject;
}

function retarget(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

function requiredOf(schema: JsonObject): string[] {
  return Array.isArray(schema.required) ? (schema.required as string[]) : [];
}

/** The input schema without the fields the path carries. */
function fieldsSchema(route: RestRoute, omit: readonly string[]): JsonObject {
  const schema = jsonSchemaOf(route.input, "input");
  const properties = Object.fromEntries(
    Object.entries(inputProperties(route)).filter(([name]) => !omit.includes(name)),
  );
  const required = requiredOf(schema).filter((name) => !omit.includes(name));
  return {
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function responseSchema(route: RestRoute, components: Record<string, unknown>): JsonObject {
  // A route whose procedure still answers a whole array answers one page of it.
  const output =
    route.paginated && route.output instanceof z.ZodArray
      ? pageSchema(route.output.element as z.ZodType)
      : route.output;
  const schema = publishNamedViews(jsonSchemaOf(output, "output", NAMED_VIEWS), components);
  // A secret shown once is never stored, so an idempotent replay answers it as null.
  const properties = schema.properties as Record<string, JsonObject> | undefined;
  for (const field of route.replayOmits ?? []) {
    const shown = properties?.[field];
    if (!properties || !shown) continue;
    properties[field] = {
      anyOf: [shown, { type: "null" }],
      description: "null in an idempotent replay (Idempotent-Replayed: true): it is shown once, never stored",
    };
  }
  return schema;
}

function operation(route: RestRoute, components: Record<string, unknown>): JsonObject {
  const inPath = pathParameters(route.path);
  const properties = inputProperties(route);
  const parameters: JsonObject[] = inPath.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: properties[name] ?? { type: "string" },
  }));
  let requestBody: JsonObject | undefined;
  if (hasBody(route) && !route.rawBody) {
    requestBody = {
      required: true,
      content: { "application/json": { schema: fieldsSchema(route, inPath) } },
    };
  } else if (route.rawBody) {
    requestBody = {
      required: true,
      content: { [route.rawBody.contentType]: { schema: { type: "string", format: "binary" } } },
    };
  } else {
    // A paginated route's own input may carry cursor and limit; they are documented once below.
    const query = fieldsSchema(route, route.paginated ? [...inPath, "cursor", "limit"] : inPath);
    const required = requiredOf(query);
    for (const [name, schema] of Object.entries(query.properties as JsonObject)) {
      parameters.push({ name, in: "query", required: required.includes(name), schema });
    }
  }
  if (route.paginated) {
    parameters.push(
      {
        name: "limit",
        in: "query",
        required: false,
        schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
      },
      {
        name: "cursor",
        in: "query",
        required: false,
        description: "nextCursor from the previous page",
        schema: { type: "string" },
      },
    );
  }
  if (route.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Makes retries safe: the same key with the same body answers what the first request did (for 24 hours); with a different body, 409.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  const success: JsonObject = { description: route.summary };
  if (route.rawResponse) {
    success.content = { [route.rawResponse.contentType]: { schema: { type: "string" } } };
  } else if (route.status !== 204) {
    success.content = { "application/json": { schema: responseSchema(route, components) } };
  }
  const errors: Record<string, JsonObject> = Object.fromEntries(
    Object.entries(ERROR_RESPONSES)
      .filter(([status]) => route.auth === "caller" || !["401", "403"].includes(status))
      .map(([status, description]) => [
        status,
        { $ref: `#/components/responses/Error${status}`, description },
      ]),
  );
  for (const [status, description] of Object.entries(route.extraResponses ?? {})) {
    errors[status] = Number(status) >= 400 ? errorAnswer(description) : { description };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: route.auth === "public" ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses: { [String(route.status)]: success, ...errors },
  };
}

/** An error answer: the standard error body, with this operation's meaning of the status. */
function errorAnswer(description: string): JsonObject {
  return { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
}

/**
 * Where a create's answer holds what it created: the answer itself, or its field named after
 * the collection (`{ deployment: {…} }`, `{ token, apiToken: {…} }`). Undefined: neither.
 */
function createdObject(route: RestRoute): { pointer: string; fields: Set<string> } | undefined {
  if (route.paginated || route.rawResponse) return undefined;
  const schema = jsonSchemaOf(route.output, "output");
  const fieldsOf = (node: unknown) =>
    new Set(Object.keys(((node as JsonObject | undefined)?.properties ?? {}) as JsonObject));
  const top = fieldsOf(schema);
  if (top.has("id")) return { pointer: "", fields: top };
  // The field is named after the collection: `/api-tokens` → `apiToken` (not a worker queue
  // create answering its `deployment`).
  const collection = createdName(route);
  const node = (schema.properties as JsonObject | undefined)?.[collection];
  return fieldsOf(node).has("id") ? { pointer: `/${collection}`, fields: fieldsOf(node) } : undefined;
}

/**
 * OpenAPI links from each create to the operations on what it created (get, update, delete, and
 * what hangs below it): `{collection}` POST answers the object, `{collection}/{param}…` takes
 * its field of that name, else its `id`. The create's own path parameters are passed along, and
 * a required query field the created object carries (a deployment's name as `confirmName`) is
 * taken from it. Clients, and schemathesis' stateful phase, follow them: create → get → delete.
 */
function createLinks(route: RestRoute, routes: readonly RestRoute[]): JsonObject | undefined {
  if (route.method !== "POST" || route.status !== 201) return undefined;
  const created = createdObject(route);
  if (!created) return undefined;
  const own = pathParameters(route.path);
  const links: JsonObject = {};
  for (const target of routes) {
    if (!target.path.startsWith(`${route.path}/{`)) continue;
    const [idParameter, ...others] = pathParameters(target.path.slice(route.path.length));
    if (!idParameter || others.length > 0) continue;
    const field = created.fields.has(idParameter) ? idParameter : "id";
    const parameters: JsonObject = { [`path.${idParameter}`]: `$response.body#${created.pointer}/${field}` };
    for (const name of own) parameters[`path.${name}`] = `$request.path.${name}`;
    if (!hasBody(target)) {
      for (const name of requiredOf(fieldsSchema(target, pathParameters(target.path)))) {
        const source = name === "confirmName" ? "name" : name;
        if (created.fields.has(source))
          parameters[`query.${name}`] = `$response.body#${created.pointer}/${source}`;
      }
    }
    links[target.operationId] = { operationId: target.operationId, parameters };
  }
  // A sibling create whose body requires this object's id (a workspace's `workspaceId` for a
  // deployment, an alert, a report) gets it from the answer, merged into the body it sends:
  // without it the stateful phase never created a deployment, so nothing below one was reached.
  const idField = `${created.pointer.slice(1) || createdName(route)}Id`;
  const parent = route.path.slice(0, route.path.lastIndexOf("/"));
  for (const target of routes) {
    if (target === route || target.method !== "POST" || target.status !== 201 || !hasBody(target)) continue;
    if (target.path.slice(0, target.path.lastIndexOf("/")) !== parent) continue;
    if (!requiredOf(fieldsSchema(target, pathParameters(target.path))).includes(idField)) continue;
    const parameters: JsonObject = {};
    for (const name of own) parameters[`path.${name}`] = `$request.path.${name}`;
    links[target.operationId] = {
      operationId: target.operationId,
      parameters,
      requestBody: { [idField]: `$response.body#${created.pointer}/id` },
    };
  }
  return Object.keys(links).length > 0 ? links : undefined;
}

/** The singular name of what a create at `…/{collection}` makes ("workspaces" → "workspace"). */
function createdName(route: RestRoute): string {
  return (route.path.split("/").at(-1) ?? "")
    .replace(/s$/, "")
    .replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

let cached: JsonObject | null = null;

/** The OpenAPI 3.1 document of /api/v1, generated from the routes' zod schemas. */
export function openApiDocument(serverUrl: string): JsonObject {
  if (!cached) {
    const paths: Record<string, JsonObject> = {};
    const views: Record<string, unknown> = {};
    for (const route of REST_ROUTES) {
      paths[route.path] ??= {};
      const described = operation(route, views);
      const links = createLinks(route, REST_ROUTES);
      if (links) ((described.responses as JsonObject)[String(route.status)] as JsonObject).links = links;
      (paths[route.path] as JsonObject)[route.method.toLowerCase()] = described;
    }
    // The OpenLineage ingest endpoints (src/server/lineage), authenticated by ingest token.
    Object.assign(
      paths,
      lineageOpenApiPaths((schema) => jsonSchemaOf(schema, "output")),
    );
    for (const methods of Object.values(paths)) {
      for (const described of Object.values(methods) as JsonObject[]) {
        const responses = described.responses as JsonObject;
        for (const [status, description] of Object.entries(SERVER_RESPONSES))
          responses[status] = { description };
      }
    }
    const errorSchema = jsonSchemaOf(restErrorSchema, "output");
    cached = {
      openapi: "3.1.0",
      info: {
        title: "Skyport API",
        version: skyportVersion(),
        description:
          "Manage organizations, workspaces, Airflow deployments, teams, API tokens and the audit log. Authenticate with `Authorization: Bearer <API token>`.",
      },
      paths,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: "http",
            scheme: "bearer",
            description: "An API token (skp_…) or a CLI session token from POST /auth/sessions",
          },
          sessionCookie: { type: "apiKey", in: "cookie", name: "skyport.session_token" },
          [INGEST_TOKEN_SCHEME]: ingestTokenSecurityScheme,
        },
        schemas: { Error: errorSchema, ...Object.fromEntries(Object.entries(views).sort()) },
        responses: Object.fromEntries(
          Object.entries(ERROR_RESPONSES).map(([status, description]) => [
            `Error${status}`,
            errorAnswer(description),
          ]),
        ),
      },
    };
  }
  return { ...cached, servers: [{ url: `${serverUrl.replace(/\/+$/, "")}/api/v1` }] };
}
