import type { z } from "zod";
import type { TRPCContext } from "../trpc/context.ts";
import type { createCaller } from "../trpc/router.ts";

export const HTTP_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type Caller = ReturnType<typeof createCaller>;

/** What a route's handler gets: the tRPC caller (same procedures, same checks) and its input. */
export interface RestCall<Input> {
  caller: Caller;
  input: Input;
  ctx: TRPCContext;
  /** The HTTP request: only routes with `rawBody` read its body themselves. */
  request: Request;
}

/**
 * One operation of the public REST API. A route is an adapter over one tRPC procedure (rarely
 * two): `input` is that procedure's input schema (path parameters plus query or body fields),
 * so validation, authorization and the domain call are the procedure's own, and the OpenAPI
 * document is generated from the same zod schemas.
 */
export interface RestRoute {
  method: HttpMethod;
  /** OpenAPI-style template under /api/v1, e.g. "/organizations/{organizationId}/workspaces". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** "public": no caller needed (sign-up, sign-in); "caller": a session or an API token. */
  auth: "public" | "caller";
  input: z.ZodObject;
  /** The answer's schema (for a paginated route, the page `{ items, nextCursor }`). */
  output: z.ZodType;
  status: 200 | 201 | 202 | 204;
  /**
   * The answer is one page of a list: the handler gets `cursor` and `limit` from the query
   * string and its procedure reads that page in its database query. A function: the key of a
   * procedure that still answers a whole array (paged in memory in that key's order).
   */
  paginated?: true | ((item: never) => string);
  /** A create: honours the Idempotency-Key header. */
  idempotent?: boolean;
  /**
   * Answer fields never stored for an idempotent replay (a secret shown once): a replay
   * answers them as null, with `Idempotent-Replayed: true`.
   */
  replayOmits?: readonly string[];
  /**
   * The request body is not JSON but bytes of this type (a DAG bundle upload): the input comes
   * from the path and query only, and `handle` streams `request.body` itself.
   */
  rawBody?: { contentType: string };
  /**
   * Answers beyond the success status and the standard errors, by status with their meaning:
   * a public route that checks a credential of its own (401), or a second success status.
   * Error statuses (4xx) carry the standard error body; others no body.
   */
  extraResponses?: Readonly<Record<string, string>>;
  /** The answer is not JSON (an export stream); `handle` returns a Response. */
  rawResponse?: { contentType: string };
  handle(call: RestCall<Record<string, unknown>>): Promise<unknown>;
}

type RouteOptions<I extends z.ZodObject, O extends z.ZodType> = Omit<
  RestRoute,
  "input" | "output" | "handle" | "status" | "auth"
> & {
  input: I;
  output: O;
  status?: RestRoute["status"];
  auth?: RestRoute["auth"];
  handle(call: RestCall<z.output<I>>): Promise<O extends z.ZodType ? z.input<O> | Response : never>;
};

/** Declares a route with its handler typed by its schemas. */
export function defineRoute<I extends z.ZodObject, O extends z.ZodType>(
  options: RouteOptions<I, O>,
): RestRoute {
  return {
    status: options.method === "POST" ? 201 : 200,
    auth: "caller",
    ...options,
    handle: options.handle as RestRoute["handle"],
  };
}

/** The `{name}` parameters of a path template, in order. */
export function pathParameters(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((match) => match[1] as string);
}
