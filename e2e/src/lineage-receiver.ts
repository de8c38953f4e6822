// A small OpenLineage HTTP receiver on 127.0.0.1 that records what Airflow's provider sends:
// method, path, headers and the (gunzipped) JSON body of every request. It answers 200 like a
// lineage backend, or 401 when the bearer token is not the expected one.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface ReceivedLineageRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Size of the body as sent (compressed when Content-Encoding says so). */
  bodyBytes: number;
  /** The decoded JSON body. */
  event: OpenLineageEvent;
}

/** The parts of an OpenLineage RunEvent the tests read; the rest stays as sent. */
export interface OpenLineageEvent {
  eventType?: string;
  eventTime: string;
  producer: string;
  schemaURL: string;
  job: { namespace: string; name: string; facets?: Record<string, Record<string, unknown>> };
  run: { runId: string; facets?: Record<string, Record<string, unknown> & Record<string, unknown>> };
  [key: string]: unknown;
}

/**
 * Where a test points Airflow's OpenLineage provider and reads back what arrived. The local
 * receiver is one implementation; Skyport's own ingest endpoint is another.
 */
export interface LineageTarget {
  url: string;
  endpoint: string;
  apiKey: string;
  /** Everything received so far, in arrival order. */
  received(): Promise<ReceivedLineageRequest[]>;
  close(): Promise<void>;
}

export async function startLineageReceiver(options: { apiKey: string }): Promise<LineageTarget> {
  const requests: ReceivedLineageRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      try {
        const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        requests.push({
          method: req.method ?? "",
          path: req.url ?? "",
          headers: req.headers,
          bodyBytes: raw.length,
          event: JSON.parse(body.toString("utf8")) as OpenLineageEvent,
        });
      } catch (error) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(error) }));
        return;
      }
      const authorized = req.headers.authorization === `Bearer ${options.apiKey}`;
      res.writeHead(authorized ? 200 : 401, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    endpoint: "api/v1/lineage",
    apiKey: options.apiKey,
    received: async () => [...requests],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
