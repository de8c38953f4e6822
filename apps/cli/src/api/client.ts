// The CLI's HTTP client. Requests to /api/v1 go through `api`, an openapi-fetch client typed by
// the types generated from the server's OpenAPI document (schema.ts), so a path, a parameter
// or a field the server does not have fails type-checking. What every request shares lives in
// one transport beneath it: the token, the timeout, retries of requests that are safe to repeat,
// and turning a refused request into an ApiError that carries the server's message.
import { randomUUID } from "node:crypto";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "./schema.ts";

export const API_V1 = "/api/v1";

/** The typed client of /api/v1: `api.GET("/organizations/{organizationId}/workspaces", …)`. */
export type SkyportApi = Client<paths>;

/** The shape every Skyport REST error response has (components.schemas.Error). */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    /** Every offending input field (dotted, e.g. spec.workerQueues.0.maxWorkers) with its messages. */
    fieldErrors?: Record<string, string[]>;
    requestId?: string;
  };
}

/** The server answered with an error status. Carries what the server said, field included. */
export class ApiError extends Error {
  /** The server's Retry-After, when it sent one (e.g. a request with this key is still running). */
  retryAfterMs: number | undefined;

  constructor(
    readonly status: number,
    /** The server's machine-readable code (e.g. NOT_FOUND), when it sent one. */
    readonly code: string | undefined,
    /** The server's own message, or the HTTP status text when the body was not a Skyport error. */
    readonly serverMessage: string,
    /** The input field the server blamed, when it named one. */
    readonly field: string | undefined,
    readonly url: string,
    /** The parsed response body, for callers that expect a payload on some error statuses. */
    readonly body: unknown,
  ) {
    super(
      `${field && !serverMessage.startsWith(`${field}:`) ? `${field}: ` : ""}${serverMessage} (${describeStatus(status, code, url)})`,
    );
    this.name = "ApiError";
  }

  /** Every field the server named, with its messages (empty when it named none). */
  get fieldErrors(): Record<string, string[]> {
    return isApiErrorBody(this.body) ? (this.body.error.fieldErrors ?? {}) : {};
  }

  /** The id the server logged the request under: what to quote when reporting a failure. */
  get requestId(): string | undefined {
    return isApiErrorBody(this.body) ? this.body.error.requestId : undefined;
  }
}

export function describeStatus(status: number, code: string | undefined, url: string): string {
  return `HTTP ${status}${code ? ` ${code}` : ""} from ${url}`;
}

/** No HTTP answer at all: connection refused, DNS failure, TLS failure or timeout. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    /** Whether trying again could help (a dropped connection, a timeout), unlike a refused one. */
    readonly transient = false,
  ) {
    super(`could not reach the Skyport API at ${url}: ${reason}`);
    this.name = "ApiUnreachableError";
  }
}

export interface ApiClientOptions {
  /** e.g. https://skyport.example.com; may include a path prefix. */
  baseUrl: string;
  /** A Skyport API token or session token, sent as a bearer token. */
  token?: string;
  /** Abort a request that has not completed within this many milliseconds. */
  timeoutMs?: number;
  userAgent?: string;
  /** Items asked for per page when following a list's cursors (the API allows 1–200). */
  pageSize?: number;
  /** How many times a safe request is sent in all when the connection drops or a gateway fails. */
  attempts?: number;
  /** Waits between attempts; injected so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests at the network boundary; defaults to Node's global fetch. */
  fetch?: typeof fetch;
}

/** One page of a list, as every list operation answers. */
export interface Page<T> {
  items: ReadonlyArray<T>;
  nextCursor: string | null;
}

/** The query parameters that ask for one page of a list. */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

/** Lists every item of one of the organization's collections, narrowed by the collection's filters. */
export type OrganizationList<T, Filter> = (
  client: ApiClient,
  organizationId: string,
  filter: Filter,
) => Promise<T[]>;

/** The filter most collections take: the workspace or the deployment their items belong to. */
export interface OwnerFilter {
  workspaceId?: string;
  deploymentId?: string;
}

/** What an openapi-fetch call resolves to once the transport has thrown for every error status. */
type Answer<T> = Promise<{ data?: T; response: Response }>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface PathRequest {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Non-2xx statuses that still carry the payload the caller wants, e.g. 503 from /api/health. */
  acceptStatus?: ReadonlyArray<number>;
  idempotencyKey?: string;
}

export interface PathAnswer<T> {
  status: number;
  data: T;
  headers: Headers;
}

const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_PAGE_SIZE = 200;
/** Gateways and proxies answer these while the server restarts; a retry usually gets through. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/** The payload of a call made through `api` (errors have already been thrown as ApiError). */
export async function ok<T>(answer: Answer<T>): Promise<T> {
  return (await answer).data as T;
}

/**
 * Headers of a create the server deduplicates: a fresh Idempotency-Key, so the transport may
 * send it again after a dropped connection without creating twice.
 */
export function idempotent(): { "Idempotency-Key": string } {
  return { "Idempotency-Key": randomUUID() };
}

/** A client for Skyport's REST API. Every command talks to the server through it. */
export class ApiClient {
  readonly baseUrl: string;
  /** The generated, typed client of /api/v1. */
  readonly api: SkyportApi;
  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.options = options;
    this.api = createClient<paths>({
      baseUrl: `${this.baseUrl}${API_V1}`,
      fetch: (request: Request) => this.send(request, { buffered: true }),
    });
    this.api.use(failuresAsErrors);
  }

  /** Whether requests carry a token (commands that need one say so before calling). */
  get authenticated(): boolean {
    return Boolean(this.options.token);
  }

  /** Items per page when following cursors. */
  get pageSize(): number {
    return Math.min(this.options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  }

  /** The absolute URL for a path, keeping any path prefix of the base URL. */
  url(path: string, query?: Record<string, string | number | boolean | undefined | null>): string {
    const url = new URL(`${this.baseUrl}${path.startsWith("/") ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /**
   * Every item of a paginated list: `fetchPage` asks for one page (pass `page` as the query's
   * limit and cursor); pages are followed until the server gives no nextCursor.
   */
  async all<T>(fetchPage: (page: PageQuery) => Answer<Page<T>>): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await ok(fetchPage({ limit: this.pageSize, ...(cursor ? { cursor } : {}) }));
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  /**
   * Every item of a list taking the path parameters `path` and the filters `query`: `get` sends
   * one page's request, made here with the page's limit and cursor added to the query.
   */
  every<T, Path extends object, Query extends object>(
    path: Path,
    query: Query,
    get: (request: { params: { path: Path; query: Query & PageQuery } }) => Answer<Page<T>>,
  ): Promise<T[]> {
    return this.all((page) => get({ params: { path, query: { ...query, ...page } } }));
  }

  // Untyped calls by path, through the same transport. Only for what the OpenAPI document does
  // not describe (GET /api/health) and for the environment commands until they move to `api`.

  /** Sends a request to a path of the server; `acceptStatus` lists error statuses that carry the payload. */
  async request<T>(method: HttpMethod, path: string, options: PathRequest = {}): Promise<PathAnswer<T>> {
    const headers = new Headers();
    if (options.body !== undefined) headers.set("content-type", "application/json");
    if (options.idempotencyKey) headers.set("idempotency-key", options.idempotencyKey);
    const request = new Request(this.url(path, options.query), {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const response = await this.send(request, { buffered: true });
    if (!response.ok && !options.acceptStatus?.includes(response.status)) throw await apiErrorOf(response);
    const data = parseBody(await response.text(), response.headers.get("content-type")) as T;
    return { status: response.status, data, headers: response.headers };
  }

  async get<T>(path: string, query?: PathRequest["query"]): Promise<T> {
    return (await this.request<T>("GET", path, query ? { query } : {})).data;
  }

  /** A create: sent with a fresh Idempotency-Key, so retries cannot create twice. */
  async create<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>("POST", path, { body, idempotencyKey: randomUUID() })).data;
  }

  /** A POST that is not a create honouring Idempotency-Key: sent once, never retried. */
  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>("POST", path, { body })).data;
  }

  async patch<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>("PATCH", path, { body })).data;
  }

  async put<T>(path: string, body: unknown = {}): Promise<T> {
    return (await this.request<T>("PUT", path, { body })).data;
  }

  async delete<T>(path: string): Promise<T> {
    return (await this.request<T>("DELETE", path)).data;
  }

  /** Every item of a paginated list at `path`. */
  list<T>(path: string, query: PathRequest["query"] = {}): Promise<T[]> {
    return this.all<T>(async (page) => ({
      data: await this.get<Page<T>>(path, { ...query, ...page }),
      response: new Response(),
    }));
  }

  /** A request whose answer is streamed rather than read whole (an export): no overall timeout. */
  streaming(request: Request): Promise<Response> {
    return this.send(request, { buffered: false });
  }

  /**
   * Sends a request through the shared transport: the caller's headers, a timeout, and retries
   * of GETs and of creates carrying an Idempotency-Key when the connection drops, a gateway
   * answers 502–504, or the server says the first attempt with the same key is still running
   * (409 with Retry-After). Answers the last response; errors are left to the caller.
   */
  async send(request: Request, mode: { buffered: boolean }): Promise<Response> {
    const safe = request.method === "GET" || request.headers.has("idempotency-key");
    const attempts = safe ? Math.max(1, this.options.attempts ?? 3) : 1;
    this.addHeaders(request.headers);
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.attempt(request.clone(), mode);
      } catch (error) {
        if (attempt >= attempts || !(error instanceof ApiUnreachableError && error.transient)) throw error;
        await this.sleep(250 * 2 ** (attempt - 1));
        continue;
      }
      const retryAfterMs = retryAfter(response);
      const again =
        RETRYABLE_STATUSES.has(response.status) || (response.status === 409 && retryAfterMs !== undefined);
      if (!again || attempt >= attempts) return response;
      await response.body?.cancel();
      await this.sleep(retryAfterMs !== undefined ? Math.min(retryAfterMs, 5_000) : 250 * 2 ** (attempt - 1));
    }
  }

  private sleep(ms: number): Promise<void> {
    return (this.options.sleep ?? defaultSleep)(ms);
  }

  private addHeaders(headers: Headers): void {
    headers.set("accept", "application/json");
    if (this.options.userAgent) headers.set("user-agent", this.options.userAgent);
    if (this.options.token) headers.set("authorization", `Bearer ${this.options.token}`);
  }

  /** One try. A buffered answer is read whole within the timeout, so a body cut short counts as a drop. */
  private async attempt(request: Request, mode: { buffered: boolean }): Promise<Response> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const doFetch = this.options.fetch ?? fetch;
    try {
      // An export may take a while to stream; connecting is still bounded by the server's own limits.
      const response = await doFetch(
        mode.buffered ? new Request(request, { signal: AbortSignal.timeout(timeoutMs) }) : request,
      );
      // The clone is read to the end; the original keeps the bytes for openapi-fetch to parse.
      if (mode.buffered) await response.clone().arrayBuffer();
      return response;
    } catch (error) {
      throw unreachable(request.url, error, timeoutMs);
    }
  }
}

/** Every status >= 400 becomes an ApiError with what the server said. */
const failuresAsErrors: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await apiErrorOf(response);
    return undefined;
  },
};

/** The ApiError for a refused request, from its response (whose body is consumed). */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const body = parseBody(await response.text(), response.headers.get("content-type"));
  const url = response.url;
  const error = isApiErrorBody(body)
    ? new ApiError(response.status, body.error.code, body.error.message, body.error.field, url, body)
    : new ApiError(response.status, undefined, response.statusText || "request failed", undefined, url, body);
  error.retryAfterMs = retryAfter(response);
  return error;
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function parseBody(text: string, contentType: string | null): unknown {
  if (text === "") return undefined;
  const looksJson = contentType?.includes("json") || /^\s*[[{]/.test(text);
  if (!looksJson) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return false;
  const { code, message, field } = error as Record<string, unknown>;
  return (
    typeof code === "string" &&
    typeof message === "string" &&
    (field === undefined || field === null || typeof field === "string")
  );
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused (is the server running?)",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "connection reset by the server",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "the server closed the connection",
};

/** A dropped connection may work the next time; a refused one or an unknown host will not. */
const TRANSIENT_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

function unreachable(url: string, error: unknown, timeoutMs: number): ApiUnreachableError {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new ApiUnreachableError(url, `no response within ${timeoutMs / 1000}s`, true);
  }
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = errorCode(cause);
  return new ApiUnreachableError(
    url,
    describeNetworkError(error, cause, code),
    code !== undefined && TRANSIENT_CODES.has(code),
  );
}

/** Node's fetch reports "fetch failed" and hides the useful part in `cause`. */
function describeNetworkError(error: unknown, cause: unknown, code: string | undefined): string {
  if (code && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  if (cause instanceof Error && cause.message) return code ? `${cause.message} (${code})` : cause.message;
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Happy-eyeballs connects (localhost → ::1 and 127.0.0.1) fail with an AggregateError.
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = errorCode(inner);
      if (innerCode) return innerCode;
    }
  }
  return undefined;
}
