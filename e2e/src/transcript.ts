// Everything a client received from Skyport during a test — HTTP response bodies and headers, CLI
// stdout and stderr — kept with a label, so a leak search can say which answer held a value.

export interface Received {
  /** e.g. `REST POST /api/v1/organizations/…/environment-variables → 400`. */
  readonly where: string;
  readonly text: string;
}

export interface HttpAnswer {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  headers: Headers;
}

export class Transcript {
  readonly received: Received[] = [];

  record(where: string, text: string): void {
    this.received.push({ where, text });
  }

  /** Sends a request and records the answer (status, headers and body). */
  async fetch(where: string, url: string, init: RequestInit = {}): Promise<HttpAnswer> {
    const response = await fetch(url, { redirect: "manual", ...init });
    const text = await response.text();
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
    this.record(`${where} → ${response.status}`, `${headers}\n\n${text}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, headers: response.headers };
  }
}

/**
 * tRPC over HTTP as the console's client sends it (superjson envelope), with the caller's
 * credential headers (a session cookie, or a bearer token).
 */
export function trpcClient(transcript: Transcript, baseUrl: string, credential: Record<string, string>) {
  const url = (procedure: string) => `${baseUrl}/api/trpc/${procedure}`;
  return {
    async mutation(procedure: string, input: unknown): Promise<HttpAnswer> {
      return transcript.fetch(`tRPC ${procedure}`, url(procedure), {
        method: "POST",
        headers: { "content-type": "application/json", ...credential },
        body: JSON.stringify({ json: input }),
      });
    },
    async query(procedure: string, input: unknown): Promise<HttpAnswer> {
      const query = encodeURIComponent(JSON.stringify({ json: input }));
      return transcript.fetch(`tRPC ${procedure}`, `${url(procedure)}?input=${query}`, {
        headers: credential,
      });
    },
    /** A POST with a raw body, for malformed requests. */
    async raw(procedure: string, body: string): Promise<HttpAnswer> {
      return transcript.fetch(`tRPC ${procedure} (raw body)`, url(procedure), {
        method: "POST",
        headers: { "content-type": "application/json", ...credential },
        body,
      });
    },
  };
}

/** The public REST API with a bearer credential (an API token or a session token). */
export function restClient(transcript: Transcript, baseUrl: string, token: string) {
  return async function rest(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${token}`, ...headers },
    };
    if (body !== undefined) {
      init.headers = { ...init.headers, "content-type": "application/json" };
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    return transcript.fetch(`REST ${method} ${path}`, `${baseUrl}/api/v1${path}`, init);
  };
}

/** The data of a successful tRPC answer (superjson's `json`); otherwise fails with what came back. */
export function trpcData<T = Record<string, unknown>>(answer: HttpAnswer, what: string): T {
  const body = okJson<{ result?: { data?: { json?: T } } }>(answer, what);
  if (body.result?.data?.json === undefined) throw new Error(`${what} answered no data: ${answer.text}`);
  return body.result.data.json;
}

/** The JSON body of a successful answer; otherwise fails with what came back. */
export function okJson<T = Record<string, unknown>>(answer: HttpAnswer, what: string): T {
  if (answer.status < 200 || answer.status >= 300 || answer.json === undefined) {
    throw new Error(`${what} answered ${answer.status}: ${answer.text.slice(0, 2_000)}`);
  }
  return answer.json as T;
}
