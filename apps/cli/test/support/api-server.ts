// The real Skyport REST API for CLI tests: the web app's route handlers (apps/web/app/api),
// with the test file's own database and Redis, behind a node:http server on 127.0.0.1 so the
// CLI talks to it over HTTP exactly as it talks to a deployed Skyport.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll } from "vitest";
import { GET as health } from "../../../web/app/api/health/route.ts";
import { DELETE, GET, PATCH, POST, PUT } from "../../../web/app/api/v1/[[...path]]/route.ts";
import type { WebServices } from "../../../web/src/server/services.ts";
import { createTestServices, serveRoutesWith } from "../../../web/test/support.ts";

const REST_HANDLERS = { GET, POST, PATCH, PUT, DELETE } as const;
type Method = keyof typeof REST_HANDLERS;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export interface ApiServer {
  url: string;
  services: WebServices;
  requests: RecordedRequest[];
  /**
   * The next request matching `method` and `path` (a substring) is handled, but its connection
   * is cut before the answer: what a dropped connection or a crashed proxy looks like.
   */
  dropAnswerOnce(method: Method, path: string): void;
  /**
   * The next request matching `method` and `path` is not handled: it is answered `status` with
   * `body`, as a gateway in front of a restarting server (502–504) or a crashing handler does.
   */
  failOnce(method: Method, path: string, status: number, body?: unknown): void;
  close(): Promise<void>;
}

async function toRequest(incoming: IncomingMessage, base: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = incoming.method ?? "GET";
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const body =
    method === "GET" || method === "HEAD" || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  return new Request(new URL(incoming.url ?? "/", base), { method, headers, body });
}

async function dispatch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === "/api/health" && request.method === "GET") return health(request, undefined as never);
  if (url.pathname.startsWith("/api/v1")) {
    const handler = REST_HANDLERS[request.method as Method];
    if (!handler) return new Response(null, { status: 405 });
    const segments = url.pathname.split("/").filter(Boolean).slice(2);
    return handler(request, { params: Promise.resolve({ path: segments }) });
  }
  return new Response("not found", { status: 404 });
}

async function send(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  outgoing.writeHead(response.status, headers);
  if (!response.body) {
    outgoing.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream)
      .on("error", reject)
      .pipe(outgoing)
      .on("finish", resolve)
      .on("error", reject);
  });
}

/** The API for the calling test file: started now, closed when the file's tests are done. */
export async function apiServerForThisFile(): Promise<ApiServer> {
  const server = await startApiServer();
  afterAll(() => server.close());
  return server;
}

export async function startApiServer(): Promise<ApiServer> {
  const services = await createTestServices();
  serveRoutesWith(services);
  const requests: RecordedRequest[] = [];
  const drops: Array<{ method: Method; path: string }> = [];
  const failures: Array<{ method: Method; path: string; status: number; body?: unknown }> = [];
  let base = "";
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? "/";
    requests.push({ method: incoming.method ?? "", path, headers: incoming.headers });
    const dropIndex = drops.findIndex((d) => d.method === incoming.method && path.includes(d.path));
    const drop = dropIndex >= 0 ? drops.splice(dropIndex, 1)[0] : undefined;
    const failIndex = failures.findIndex((f) => f.method === incoming.method && path.includes(f.path));
    const failure = failIndex >= 0 ? failures.splice(failIndex, 1)[0] : undefined;
    if (failure) {
      const text = failure.body === undefined ? "" : JSON.stringify(failure.body);
      outgoing.writeHead(
        failure.status,
        failure.body === undefined ? {} : { "content-type": "application/json" },
      );
      outgoing.end(text);
      return;
    }
    toRequest(incoming, base)
      .then(dispatch)
      .then(async (response) => {
        if (drop) {
          await response.arrayBuffer();
          outgoing.socket?.destroy();
          return;
        }
        await send(response, outgoing);
      })
      .catch((error: unknown) => {
        outgoing.writeHead(500, { "content-type": "text/plain" });
        outgoing.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    services,
    requests,
    dropAnswerOnce(method, path) {
      drops.push({ method, path });
    },
    failOnce(method, path, status, body) {
      failures.push({ method, path, status, body });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
