// Generated from the OpenAPI document the API serves: every operation is called with a valid
// request (2xx, answer valid against the documented schema) and with invalid ones derived from
// its schemas (each required field left out, each field of the wrong type, an unknown field,
// over-long path ids, bad query values): 400 naming the field, never a 5xx.
import { randomUUID } from "node:crypto";
import { rotateIngestToken } from "@skyport/domain";
import { buildWorld } from "@skyport/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { REST_ROUTES } from "../../src/server/rest/routes/index.ts";
import { localBilling } from "../billing-support.ts";
import { createTestServices } from "../support.ts";
import { type Fixture, OPERATION_INPUTS, type OperationRequest, ownerTokenFor } from "./operation-inputs.ts";
import { restClient } from "./support.ts";

// Billing on (unlimited trial), so the billing operations can succeed like every other.
const services = await createTestServices((await localBilling({ trialPlan: "enterprise" })).env);
const api = restClient(services);

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema documents are walked dynamically.
type JsonSchema = Record<string, any>;
interface Operation {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  spec: JsonSchema;
}

const documentAnswer = await api("GET", "/openapi.json");
const document = documentAnswer.body as JsonSchema;
const allOperations: Operation[] = Object.entries(document.paths as Record<string, JsonSchema>).flatMap(
  ([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({
      method: method.toUpperCase() as Operation["method"],
      path,
      spec,
    })),
);
/** The OpenLineage ingest endpoints take standard events with an ingest token: tested below. */
const LINEAGE_TAG = "Lineage ingest";
const operations = allOperations.filter((o) => !(o.spec.tags as string[]).includes(LINEAGE_TAG));
const lineageOperations = allOperations.filter((o) => (o.spec.tags as string[]).includes(LINEAGE_TAG));

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
/** A response schema with the document's components beside it, so its `$ref`s resolve. */
const compile = (schema: JsonSchema) => ajv.compile({ ...schema, components: document.components });

function urlOf(template: string, params: Record<string, string>, query: Record<string, string> = {}): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`fixture for ${template} lacks path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

async function fixture(): Promise<Fixture> {
  const world = await buildWorld(services.db);
  return { world, db: services.db, api, ownerToken: await ownerTokenFor(services.db, world.organizationId) };
}

function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  const visit = (node: JsonSchema | undefined) => {
    if (!node) return;
    if (typeof node.type === "string") types.add(node.type);
    if (Array.isArray(node.type)) for (const t of node.type) types.add(t);
    if (node.const !== undefined) types.add(typeof node.const);
    if (node.enum) for (const value of node.enum) types.add(value === null ? "null" : typeof value);
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) visit(branch);
  };
  visit(schema);
  return types;
}

/** A JSON value of a type the schema does not accept (null when nothing is refused). */
function wrongValue(schema: JsonSchema | undefined): unknown {
  const types = typesOf(schema);
  if (types.size === 0) return null;
  if (!types.has("string")) return "not-the-right-type";
  if (!types.has("number") && !types.has("integer")) return 12345;
  if (!types.has("boolean")) return true;
  return null;
}

function call(
  operation: Operation,
  request: OperationRequest,
  f: Fixture,
  overrides: Partial<OperationRequest> = {},
) {
  const merged = { ...request, ...overrides };
  const token = merged.token === undefined ? f.ownerToken : merged.token;
  return api(operation.method, urlOf(operation.path, merged.params, merged.query), {
    token,
    ...(merged.body !== undefined ? { body: merged.body } : {}),
    ...(merged.bytes !== undefined ? { bytes: merged.bytes } : {}),
  });
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with every route in it, unique operation ids, and a fixture for each operation", () => {
    expect(documentAnswer.status).toBe(200);
    expect(document.openapi).toBe("3.1.0");
    for (const route of REST_ROUTES) {
      expect(
        document.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
    expect(operations.length).toBe(REST_ROUTES.length);
    const ids = operations.map((o) => o.spec.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !OPERATION_INPUTS[id])).toEqual([]);
  });

  it("has response schemas ajv can compile", () => {
    for (const operation of allOperations) {
      for (const [status, response] of Object.entries(
        operation.spec.responses as Record<string, JsonSchema>,
      )) {
        const schema = response.content?.["application/json"]?.schema;
        if (schema) expect(() => compile(schema), `${operation.spec.operationId} ${status}`).not.toThrow();
      }
    }
  });
});

describe("the OpenLineage ingest endpoints in the OpenAPI document", () => {
  it("are documented with ingest-token auth, the event bodies, their answers and 400/401/413/429", async () => {
    expect(lineageOperations.map((o) => `${o.method} ${o.path} ${o.spec.operationId}`)).toEqual([
      "POST /lineage ingestLineageEvent",
      "POST /lineage/batch ingestLineageBatch",
    ]);
    expect(document.components.securitySchemes.ingestToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const operation of lineageOperations) {
      expect(operation.spec.security).toEqual([{ ingestToken: [] }]);
      for (const status of ["200", "400", "401", "413", "429"])
        expect(operation.spec.responses[status], `${operation.path} ${status}`).toBeDefined();
      expect(operation.spec.responses["429"].headers["Retry-After"]).toBeDefined();
    }
    // Real answers match what is documented.
    const f = await fixture();
    const { token } = await rotateIngestToken(
      {
        db: services.db,
        actor: f.world.actor("organizationOwner"),
        context: { ip: null, userAgent: "vitest", requestId: "oa" },
      },
      { organizationId: f.world.organizationId, deploymentId: f.world.deploymentId },
      services,
    );
    // The smallest event the standard allows: no eventType, no facets.
    const event = { run: { runId: randomUUID() }, job: { namespace: "default", name: "etl" } } as Record<
      string,
      unknown
    >;
    event.eventTime = new Date().toISOString();
    event.producer = "https://example.com/producer";
    event.schemaURL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent";
    const [single, batch] = lineageOperations as [Operation, Operation];
    const schemaOf = (operation: Operation, status: string) =>
      compile(operation.spec.responses[status].content["application/json"].schema);
    const requestSchemaOf = (operation: Operation) =>
      compile(operation.spec.requestBody.content["application/json"].schema);
    expect(requestSchemaOf(single)(event)).toBe(true);
    expect(requestSchemaOf(batch)([event])).toBe(true);
    const one = await api("POST", "/lineage", { token, body: event });
    expect(one.status, one.text).toBe(200);
    expect(schemaOf(single, "200")(one.body)).toBe(true);
    const many = await api("POST", "/lineage/batch", { token, body: [event, { ...event, run: {} }] });
    expect(many.status, many.text).toBe(200);
    expect(many.body.status).toBe("partial_success");
    expect(schemaOf(batch, "200")(many.body)).toBe(true);
    const refused = await api("POST", "/lineage", { token: f.ownerToken, body: event });
    expect(refused.status).toBe(401);
    const invalid = await api("POST", "/lineage", { token, body: { ...event, eventTime: 5 } });
    expect(invalid.status).toBe(400);
  });
});

function inputFor(operation: Operation) {
  const input = OPERATION_INPUTS[operation.spec.operationId as string];
  if (!input) throw new Error(`no fixture for ${operation.spec.operationId} in operation-inputs.ts`);
  return input;
}

describe.each(operations.map((o) => [`${o.method} ${o.path} (${o.spec.operationId})`, o] as const))(
  "%s",
  (_, operation) => {
    it("answers a valid request with its documented success and schema", async () => {
      const f = await fixture();
      const request = await inputFor(operation)(f);
      const answer = await call(operation, request, f);
      const [status, response] =
        Object.entries(operation.spec.responses as Record<string, JsonSchema>)[0] ?? [];
      if (!status || !response) throw new Error(`${operation.spec.operationId} documents no response`);
      expect(answer.status, answer.text).toBe(Number(status));
      const schema = response.content?.["application/json"]?.schema;
      if (schema) {
        const validate = compile(schema);
        expect(validate(answer.body), JSON.stringify(validate.errors)).toBe(true);
      } else if (response.content) {
        expect(answer.text.length).toBeGreaterThanOrEqual(0);
      }
    });

    it("refuses invalid requests with 400 naming the field, and never fails with a 5xx", async () => {
      const f = await fixture();
      const request = await inputFor(operation)(f);
      const bodySchema = operation.spec.requestBody?.content?.["application/json"]?.schema as
        | JsonSchema
        | undefined;
      const cases: { label: string; overrides: Partial<OperationRequest>; field: string | null }[] = [];

      if (bodySchema) {
        const body = request.body ?? {};
        for (const name of (bodySchema.required ?? []) as string[]) {
          const { [name]: _omitted, ...rest } = body;
          cases.push({ label: `without ${name}`, overrides: { body: rest }, field: name });
        }
        for (const [name, schema] of Object.entries(
          (bodySchema.properties ?? {}) as Record<string, JsonSchema>,
        )) {
          const value = wrongValue(schema);
          if (value === null) continue;
          cases.push({
            label: `${name} of the wrong type`,
            overrides: { body: { ...body, [name]: value } },
            field: name,
          });
        }
        cases.push({
          label: "an unknown field",
          overrides: { body: { ...body, notAField: 1 } },
          field: "notAField",
        });
      }
      for (const parameter of (operation.spec.parameters ?? []) as JsonSchema[]) {
        if (parameter.in === "query") {
          if (parameter.required) {
            const { [parameter.name]: _omitted, ...rest } = request.query ?? {};
            cases.push({
              label: `without query ${parameter.name}`,
              overrides: { query: rest },
              field: parameter.name,
            });
          }
          const types = typesOf(parameter.schema);
          if (types.has("integer") || types.has("boolean") || parameter.schema?.enum) {
            cases.push({
              label: `query ${parameter.name}=not-valid`,
              overrides: { query: { ...request.query, [parameter.name]: "not-valid" } },
              field: parameter.name,
            });
          }
        }
        if (parameter.in === "path") {
          cases.push({
            label: `path ${parameter.name} too long`,
            overrides: { params: { ...request.params, [parameter.name]: "x".repeat(300) } },
            field: null,
          });
        }
      }

      for (const testCase of cases) {
        const answer = await call(operation, request, f, testCase.overrides);
        expect(answer.status, `${testCase.label}: ${answer.text}`).toBeLessThan(500);
        if (testCase.field === null) {
          expect([400, 404], `${testCase.label}: ${answer.text}`).toContain(answer.status);
          continue;
        }
        expect(answer.status, `${testCase.label}: ${answer.text}`).toBe(400);
        expect(answer.body.error.code, testCase.label).toBe("BAD_REQUEST");
        const named = [answer.body.error.field, ...Object.keys(answer.body.error.fieldErrors ?? {})];
        expect(
          named.some(
            (field: string | undefined) =>
              field === testCase.field || field?.startsWith(`${testCase.field}.`),
          ),
          `${testCase.label}: ${answer.text}`,
        ).toBe(true);
      }
    });
  },
);
