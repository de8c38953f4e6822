import { randomUUID } from "node:crypto";

/** The shape every Skyport REST error response has. */
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
      `${field && !serverMessage.startsWith(`${field}:`) ? `${field}: ` : ""}${serverMessage} (HTTP ${status}${code ? ` ${code}` : ""} from ${url})`,
    );
    this.name = "ApiError";
  }

  /** Every field the server named, with its messages (empty when it named none). */
  get fieldErrors(): Record<string, string[]> {
    return isApiErrorBody(this.body) ? (this.body.error.fieldErrors ?? {}) : {};
  }

  get requestId(): string | undefined {
    return isApiErrorBody(this.body) ? this.body.error.requestId : undefined;
  }
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

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Non-2xx statuses that still carry the payload the caller wants, e.g. 503 from /api/health. */
  acceptStatus?: ReadonlyArray<number>;
  /**
   * Sent as Idempotency-Key: the server answers a repeat of the request with the first answer
   * instead of creating twice, which makes retrying a create safe.
   */
  idempotencyKey?: string;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

/** One page of a list, as every list operation answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_PAGE_SIZE = 200;
/** Gateways and proxies answer these while the server restarts; a retry usually gets through. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/** A small client for Skyport's REST API. Every command talks to the server through it. */
export class ApiClient {
  readonly baseUrl: string;
  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.options = options;
  }

  /** Whether requests carry a token (commands that need one say so before calling). */
  get authenticated(): boolean {
    return Boolean(this.options.token);
  }

  /** The absolute URL for an API path, keeping any path prefix of the base URL. */
  url(path: string, query?: RequestOptions["query"]): string {
    const url = new URL(`${this.baseUrl}${path.startsWith("/") ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async get<T>(path: string, options: Omit<RequestOptions, "body"> = {}): Promise<T> {
    return (await this.request<T>("GET", path, options)).data;
  }

  /** A create: sent with a fresh Idempotency-Key, so the retries below cannot create twice. */
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

  /** Every item of a paginated list, following `nextCursor` page after page. */
  async list<T>(path: string, query: RequestOptions["query"] = {}): Promise<T[]> {
    const limit = Math.min(this.options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await this.get<Page<T>>(path, { query: { ...query, limit, cursor } });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /**
   * Sends a request. GETs and creates carrying an Idempotency-Key are safe to repeat, so they
   * are retried when the connection drops, a gateway answers 502–504, or the server says the
   * first attempt with the same key is still running (409 with Retry-After).
   */
  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const safe = method === "GET" || options.idempotencyKey !== undefined;
    const attempts = safe ? Math.max(1, this.options.attempts ?? 3) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send<T>(method, path, options);
      } catch (error) {
        if (attempt >= attempts || !retryable(error)) throw error;
        await (this.options.sleep ?? defaultSleep)(retryDelay(error, attempt));
      }
    }
  }

  /** Sends a request whose answer is not JSON (an export stream); errors are parsed as usual. */
  async stream(path: string, query?: RequestOptions["query"]): Promise<Response> {
    const url = this.url(path, query);
    let response: Response;
    try {
      // No overall timeout: an export may take a while to stream. Connecting is still bounded.
      response = await (this.options.fetch ?? fetch)(url, { method: "GET", headers: this.headers(false) });
    } catch (error) {
      throw unreachable(url, error, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    }
    if (response.ok) return response;
    const body = parseBody(await response.text(), response.headers.get("content-type"));
    throw toApiError(response, body, url);
  }

  private headers(hasBody: boolean, idempotencyKey?: string): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.userAgent) headers["user-agent"] = this.options.userAgent;
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (hasBody) headers["content-type"] = "application/json";
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    return headers;
  }

  private async send<T>(method: HttpMethod, path: string, options: RequestOptions): Promise<ApiResponse<T>> {
    const url = this.url(path, options.query);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const doFetch = this.options.fetch ?? fetch;

    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method,
        headers: this.headers(options.body !== undefined, options.idempotencyKey),
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw unreachable(url, error, timeoutMs);
    }

    const body = parseBody(text, response.headers.get("content-type"));
    if (response.ok || options.acceptStatus?.includes(response.status)) {
      return { status: response.status, data: body as T, headers: response.headers };
    }
    throw toApiError(response, body, url);
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function retryable(error: unknown): boolean {
  if (error instanceof ApiUnreachableError) return error.transient;
  if (error instanceof ApiError) {
    return RETRYABLE_STATUSES.has(error.status) || (error.status === 409 && error.retryAfterMs !== undefined);
  }
  return false;
}

function retryDelay(error: unknown, attempt: number): number {
  if (error instanceof ApiError && error.retryAfterMs !== undefined)
    return Math.min(error.retryAfterMs, 5_000);
  return 250 * 2 ** (attempt - 1);
}

function toApiError(response: Response, body: unknown, url: string): ApiError {
  const error = isApiErrorBody(body)
    ? new ApiError(response.status, body.error.code, body.error.message, body.error.field, url, body)
    : new ApiError(response.status, undefined, response.statusText || "request failed", undefined, url, body);
  const retryAfter = Number(response.headers.get("retry-after"));
  if (response.headers.has("retry-after") && Number.isFinite(retryAfter))
    error.retryAfterMs = retryAfter * 1000;
  return error;
}

function parseBody(text: string, contentType: string | null): unknown {
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
