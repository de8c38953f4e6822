/** The shape every Skyport REST error response has. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

/** The server answered with an error status. Carries what the server said, field included. */
export class ApiError extends Error {
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
      `${field ? `${field}: ` : ""}${serverMessage} (HTTP ${status}${code ? ` ${code}` : ""} from ${url})`,
    );
    this.name = "ApiError";
  }
}

/** No HTTP answer at all: connection refused, DNS failure, TLS failure or timeout. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`could not reach the Skyport API at ${url}: ${reason}`);
    this.name = "ApiUnreachableError";
  }
}

export interface ApiClientOptions {
  /** e.g. https://skyport.example.com; may include a path prefix. */
  baseUrl: string;
  /** A Skyport API token, sent as a bearer token. */
  token?: string;
  /** Abort a request that has not completed within this many milliseconds. */
  timeoutMs?: number;
  userAgent?: string;
  /** Injected for tests at the network boundary; defaults to Node's global fetch. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Non-2xx statuses that still carry the payload the caller wants, e.g. 503 from /api/health. */
  acceptStatus?: ReadonlyArray<number>;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const DEFAULT_TIMEOUT_MS = 30_000;

/** A small client for Skyport's REST API. Every command talks to the server through it. */
export class ApiClient {
  readonly baseUrl: string;
  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.options = options;
  }

  /** The absolute URL for an API path, keeping any path prefix of the base URL. */
  url(path: string, query?: RequestOptions["query"]): string {
    const url = new URL(`${this.baseUrl}${path.startsWith("/") ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async get<T>(path: string, options: Omit<RequestOptions, "body"> = {}): Promise<T> {
    return (await this.request<T>("GET", path, options)).data;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.userAgent) headers["user-agent"] = this.options.userAgent;
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const doFetch = this.options.fetch ?? fetch;

    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new ApiUnreachableError(url, describeNetworkError(error, timeoutMs));
    }

    const body = parseBody(text, response.headers.get("content-type"));
    if (response.ok || options.acceptStatus?.includes(response.status)) {
      return { status: response.status, data: body as T };
    }
    if (isApiErrorBody(body)) {
      const { code, message, field } = body.error;
      throw new ApiError(response.status, code, message, field, url, body);
    }
    const statusText = response.statusText || "request failed";
    throw new ApiError(response.status, undefined, statusText, undefined, url, body);
  }
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
};

/** Node's fetch reports "fetch failed" and hides the useful part in `cause`. */
function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no response within ${timeoutMs / 1000}s`;
  }
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = errorCode(cause);
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
