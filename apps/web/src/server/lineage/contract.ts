// The ingest endpoints' contract: what POST /api/v1/lineage and /api/v1/lineage/batch answer,
// and their OpenAPI description (merged into /api/v1/openapi.json and docs/api.md). The request
// bodies are OpenLineage events, whose schema is the standard's (validated against the official
// JSON schema, never restated here).
import { MAX_LINEAGE_BATCH_EVENTS, MAX_LINEAGE_EVENT_BYTES } from "@skyport/domain";
import { z } from "zod";

/** The largest decompressed batch body. */
export const MAX_LINEAGE_BATCH_BYTES = 16 * 1024 * 1024;

/** POST /lineage: the event is durably stored (or was already: an exact duplicate). */
export const lineageAcceptedSchema = z.strictObject({
  status: z.literal("success"),
  /** True when this exact event was stored before (the provider retries); stored once. */
  duplicate: z.boolean(),
});

/** POST /lineage/batch, as the OpenLineage spec's batch endpoint answers. */
export const lineageBatchAnswerSchema = z.strictObject({
  status: z.enum(["success", "partial_success"]),
  summary: z.strictObject({
    received: z.number().int(),
    successful: z.number().int(),
    failed: z.number().int(),
    retriable: z.number().int(),
    non_retriable: z.number().int(),
  }),
  failed_events: z.array(
    z.strictObject({
      /** The event's position in the batch. */
      index: z.number().int(),
      /** JSON pointers and what is wrong at each. */
      reason: z.string(),
      retriable: z.boolean(),
    }),
  ),
});

type JsonObject = Record<string, unknown>;

export const INGEST_TOKEN_SCHEME = "ingestToken";

/** The security scheme of the ingest endpoints: the deployment's ingest token. */
export const ingestTokenSecurityScheme: JsonObject = {
  type: "http",
  scheme: "bearer",
  description:
    "The deployment's ingest token (skl_…; rotate it with POST …/ingest-token/rotate). It is the OpenLineage provider's api_key auth, writes only that deployment's lineage and authenticates nothing else.",
};

/** An OpenLineage RunEvent: the fields the standard requires, the rest as it defines them. */
const runEventSchema: JsonObject = {
  type: "object",
  description:
    "An OpenLineage RunEvent (spec 2-0-x; https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent), validated against the official JSON schema. `schemaURL` may use `#/definitions/` or `#/$defs/`.",
  required: ["eventTime", "producer", "schemaURL", "run", "job"],
  properties: {
    eventType: { type: "string", enum: ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"] },
    eventTime: { type: "string", format: "date-time" },
    producer: { type: "string", format: "uri" },
    schemaURL: { type: "string", format: "uri" },
    run: {
      type: "object",
      required: ["runId"],
      properties: { runId: { type: "string", format: "uuid" }, facets: { type: "object" } },
    },
    job: {
      type: "object",
      required: ["namespace", "name"],
      properties: { namespace: { type: "string" }, name: { type: "string" }, facets: { type: "object" } },
    },
    inputs: { type: "array", items: { type: "object" } },
    outputs: { type: "array", items: { type: "object" } },
  },
  additionalProperties: true,
};

const ERRORS: Record<string, string> = {
  "400":
    "Not JSON, not valid gzip, or not a valid OpenLineage event: `error.field` is the JSON pointer of the first problem, `error.fieldErrors` lists all",
  "401":
    "No ingest token, or one that is unknown, rotated or of a deleted deployment (API tokens are refused here)",
  "413": "The body (decompressed) or an event is larger than allowed, or a batch holds too many events",
  "415": "A Content-Encoding other than gzip",
  "429": "The deployment sent more events than its rate limit allows; `Retry-After` says when to send again",
};

function errors(): JsonObject {
  return Object.fromEntries(
    Object.entries(ERRORS).map(([status, description]) => [
      status,
      {
        description,
        ...(status === "429"
          ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } } }
          : {}),
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
}

const contentEncoding: JsonObject = {
  name: "Content-Encoding",
  in: "header",
  required: false,
  description: "gzip (what the provider's `compression: gzip` sends) or nothing",
  schema: { type: "string", enum: ["gzip", "identity"] },
};

/** One ingest operation as the rows of docs/api.md show it. */
export interface LineageOperation {
  readonly method: "POST";
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly status: number;
}

export const LINEAGE_OPERATIONS: readonly LineageOperation[] = [
  {
    method: "POST",
    path: "/lineage",
    operationId: "ingestLineageEvent",
    summary: "Store one OpenLineage event from the deployment's runtime (answered once it is durably stored)",
    status: 200,
  },
  {
    method: "POST",
    path: "/lineage/batch",
    operationId: "ingestLineageBatch",
    summary: "Store a batch of OpenLineage events (the OpenLineage spec's batch endpoint)",
    status: 200,
  },
];

/**
 * The OpenAPI paths of the ingest endpoints. `jsonSchema` turns the answers' zod schemas into
 * JSON Schema the way the rest of the document does.
 */
export function lineageOpenApiPaths(
  jsonSchema: (schema: z.ZodType) => JsonObject,
): Record<string, JsonObject> {
  const [single, batch] = LINEAGE_OPERATIONS as [LineageOperation, LineageOperation];
  const base = (operation: LineageOperation) => ({
    operationId: operation.operationId,
    summary: operation.summary,
    tags: ["Lineage ingest"],
    security: [{ [INGEST_TOKEN_SCHEME]: [] }],
    parameters: [contentEncoding],
  });
  return {
    [single.path]: {
      post: {
        ...base(single),
        description: `The tenant is the ingest token's deployment, never anything in the URL. At most ${MAX_LINEAGE_EVENT_BYTES} bytes (decompressed). Deriving runs from it is the worker's job; the answer does not wait for it.`,
        requestBody: { required: true, content: { "application/json": { schema: runEventSchema } } },
        responses: {
          "200": {
            description: single.summary,
            content: { "application/json": { schema: jsonSchema(lineageAcceptedSchema) } },
          },
          ...errors(),
        },
      },
    },
    [batch.path]: {
      post: {
        ...base(batch),
        description: `A JSON array of 1–${MAX_LINEAGE_BATCH_EVENTS} events, at most ${MAX_LINEAGE_BATCH_BYTES} bytes decompressed. Valid events are stored even when others are not (partial_success lists the rest); 400 only when none is valid.`,
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "array",
                minItems: 1,
                maxItems: MAX_LINEAGE_BATCH_EVENTS,
                items: runEventSchema,
              },
            },
          },
        },
        responses: {
          "200": {
            description: batch.summary,
            content: { "application/json": { schema: jsonSchema(lineageBatchAnswerSchema) } },
          },
          ...errors(),
        },
      },
    },
  };
}
