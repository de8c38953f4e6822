// Calls the REST API's real route handler (apps/web/app/api/v1) with Requests, as Next.js
// would, against the test file's own services.

import { DELETE, GET, PATCH, POST, PUT } from "../../app/api/v1/[[...path]]/route.ts";
import type { WebServices } from "../../src/server/services.ts";
import { serveRoutesWith } from "../support.ts";

const HANDLERS = { GET, POST, PATCH, PUT, DELETE } as const;
type Method = keyof typeof HANDLERS;

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface ApiRequest {
  token?: string | null;
  body?: unknown;
  /** A raw body sent as is (for malformed JSON). */
  rawBody?: string;
  /** Bytes sent as is, with their Content-Length (a DAG bundle). */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

export function restClient(services: WebServices) {
  serveRoutesWith(services);
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field.
  return async function api<T = any>(
    method: Method,
    path: string,
    request: ApiRequest = {},
  ): Promise<ApiAnswer<T>> {
    const headers = new Headers(request.headers);
    if (request.token) headers.set("authorization", `Bearer ${request.token}`);
    let body: string | Blob | undefined;
    if (request.bytes !== undefined) {
      body = new Blob([request.bytes as Uint8Array<ArrayBuffer>]);
      headers.set("content-length", String(request.bytes.length));
      if (!headers.has("content-type")) headers.set("content-type", "application/gzip");
    } else if (request.rawBody !== undefined) body = request.rawBody;
    else if (request.body !== undefined) body = JSON.stringify(request.body);
    if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
    const url = new URL(`/api/v1${path}`, "http://localhost:3000");
    const segments = url.pathname.split("/").filter(Boolean).slice(2);
    const response = await HANDLERS[method](new Request(url, { method, headers, body }), {
      params: Promise.resolve({ path: segments }),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
}

export type RestClient = ReturnType<typeof restClient>;

let counter = 0;

/** Signs a new person up through the API; returns their session token and organization. */
export async function signUpOverRest(api: RestClient, name = "Ada") {
  counter += 1;
  const email = `${name.toLowerCase()}-${counter}-${Date.now()}@example.com`;
  const answer = await api("POST", "/auth/signup", {
    // Sign-ups are rate limited per address: each test person comes from their own.
    headers: { "x-forwarded-for": `198.51.${Math.floor(counter / 250)}.${counter % 250}` },
    body: { email, password: "correct horse battery staple", name, organizationName: `${name}'s data team` },
  });
  if (answer.status !== 201) throw new Error(`sign-up failed: ${answer.status} ${answer.text}`);
  const body = answer.body as { sessionToken: string; organization: { id: string }; user: { id: string } };
  return { email, token: body.sessionToken, organizationId: body.organization.id, userId: body.user.id };
}
