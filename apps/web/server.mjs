// The production web server: Next.js behind a plain Node HTTP server (Next.js's documented
// custom server API), so a request with a method Skyport does not serve is refused here, with a
// 405, before Next.js sees it. Next.js itself answers TRACE (and other methods undici's Request
// refuses) with a 500 before any route handler or proxy runs.
//
//   node apps/web/server.mjs [--port 3000] [--hostname 0.0.0.0]
//
// Run from any directory; it serves the build in its own folder (apps/web/.next). `npm start`,
// the e2e stack and the Helm chart start it; `next dev` stays the development server.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

// As `next start` does: production React and Next.js unless told otherwise (set before Next.js loads).
process.env.NODE_ENV ??= "production";
const { default: next } = await import("next");

/** Every method a page, route handler or the REST API serves. */
export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** The JSON error every API answers with (src/server/http-errors.ts), for a method not served. */
export function refuseMethod(request, response) {
  const body = JSON.stringify({
    error: {
      code: "METHOD_NOT_ALLOWED",
      message: `${request.method} is not served here; use ${SERVED_METHODS.join(", ")}`,
    },
  });
  response.writeHead(405, {
    allow: SERVED_METHODS.join(", "),
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  response.end(body);
}

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: process.env.PORT || "3000" },
    // Every interface when unset, as `next start` (not $HOSTNAME: a container's is its own name).
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a port number (0-65535), not "${values.port}"\n`);
  process.exit(2);
}

const app = next({
  dev: false,
  dir: fileURLToPath(new URL(".", import.meta.url)),
  hostname: values.hostname,
  port,
});
const handle = app.getRequestHandler();
await app.prepare();

// Routes served on node:http itself, without Next.js's Web Request/Response (the OpenLineage
// ingest endpoints, src/server/lineage/node.ts): instrumentation.ts registers them while
// app.prepare() runs; until then, or without them, Next.js serves those paths the same way.
const nodeRoutes = () => globalThis.__skyportNodeRoutes;

const server = createServer((request, response) => {
  if (!SERVED_METHODS.includes(request.method ?? "")) return refuseMethod(request, response);
  if (nodeRoutes()?.(request, response)) return;
  handle(request, response).catch((error) => {
    console.error(error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
const upgrade = app.getUpgradeHandler();
server.on("upgrade", (request, socket, head) => void upgrade(request, socket, head));

server.listen(port, values.hostname, () => {
  process.stderr.write(`▲ Skyport web ready on http://${values.hostname ?? "0.0.0.0"}:${port}\n`);
});

// Docker, Kubernetes and `npm start` stop the server with SIGTERM/SIGINT: stop taking
// connections, let requests in flight finish (idle keep-alive sockets close at once), then exit.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
