// POST /api/v1/lineage and /api/v1/lineage/batch: OpenLineage events from a deployment's
// runtime (the provider's http transport). Not a tenant route: the caller is the deployment
// its ingest token names (Authorization: Bearer skl_…), never anything in the URL, and the
// token opens nothing else. The answer comes once the raw events are committed; deriving the
// run model is the worker's job. Errors use the envelope of every HTTP surface.

import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import {
  authenticateIngestToken,
  createGroupCommitAppender,
  type EventIssue,
  type IngestTarget,
  ingestLineageEvents,
  ingestTokenCache,
  MAX_LINEAGE_BATCH_EVENTS,
  MAX_LINEAGE_EVENT_BYTES,
  type RawEventAppender,
} from "@skyport/domain";
import { jobs } from "@skyport/queue";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { z } from "zod";
import {
  errorEnvelopeAnswer,
  HttpError,
  type JsonAnswer,
  jsonResponse,
  readBodyBytes,
} from "../http-errors.ts";
import type { WebServices } from "../services.ts";
import {
  type lineageAcceptedSchema,
  type lineageBatchAnswerSchema,
  MAX_LINEAGE_BATCH_BYTES,
} from "./contract.ts";

const gunzipAsync = promisify(gunzip);

export { MAX_LINEAGE_BATCH_BYTES };

/**
 * What the ingest handler reads of a request, whatever server received it: a Next.js route
 * handler's Web `Request` (webLineageRequest) or node:http's IncomingMessage, which the
 * production server hands over directly (./node.ts). Both run {@link answerLineageIngest}.
 */
export interface LineageRequest {
  /** A header's value by its lower-case name; null when absent. */
  header(name: string): string | null;
  /** The body's bytes, refused with 413 as soon as they pass `limit` (declared or streamed). */
  body(limit: number): Promise<Buffer>;
}

export function webLineageRequest(request: Request): LineageRequest {
  return {
    header: (name) => request.headers.get(name),
    body: (limit) => readBodyBytes(request, limit),
  };
}

/** Events per deployment per window; more answer 429 with Retry-After. */
export interface LineageRateLimit {
  events: number;
  windowSeconds: number;
}
export const DEFAULT_LINEAGE_RATE_LIMIT: LineageRateLimit = { events: 5_000, windowSeconds: 1 };

/**
 * A deployment's rate budget, charged in groups: the requests of one event-loop turn are summed
 * into one Redis round trip instead of one each, and while a deployment's charge is in flight its
 * next requests wait and ride in the following one (as group commit does for the INSERTs), so a
 * busy deployment pays one round trip per group, not per request. Each request is then judged
 * exactly as one-by-one consumption in arrival order would judge it (from the count before the sum).
 */
interface PendingCharge {
  points: number;
  /** `refusal` when over the limit; `failure` when the limiter itself failed. */
  settle(refusal: HttpError | null, failure?: unknown): void;
}

class CoalescedRateLimiter {
  private readonly waiting = new Map<string, PendingCharge[]>();
  /** Deployments with a charge in flight. */
  private readonly charging = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly limiter: RateLimiterRedis,
    readonly limit: LineageRateLimit,
  ) {}

  consume(deploymentId: string, points: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(deploymentId) ?? [];
      queue.push({
        points,
        settle: (refusal, failure) => {
          if (failure !== undefined) reject(failure);
          else if (refusal) reject(refusal);
          else resolve();
        },
      });
      this.waiting.set(deploymentId, queue);
      if (!this.charging.has(deploymentId)) this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    for (const [deploymentId, requests] of this.waiting) {
      if (this.charging.has(deploymentId)) continue;
      this.waiting.delete(deploymentId);
      this.charging.add(deploymentId);
      void this.charge(deploymentId, requests).finally(() => {
        this.charging.delete(deploymentId);
        if (this.waiting.has(deploymentId)) this.schedule();
      });
    }
  }

  private async charge(deploymentId: string, requests: PendingCharge[]): Promise<void> {
    const total = requests.reduce((sum, request) => sum + request.points, 0);
    let answer: RateLimiterRes;
    try {
      answer = await this.limiter.consume(deploymentId, total);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        for (const request of requests) request.settle(null, rejection);
        return;
      }
      answer = rejection;
    }
    let consumed = answer.consumedPoints - total;
    for (const request of requests) {
      consumed += request.points;
      request.settle(consumed > this.limit.events ? this.refusal(answer.msBeforeNext) : null);
    }
  }

  private refusal(msBeforeNext: number): HttpError {
    const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    return new HttpError(
      429,
      "TOO_MANY_REQUESTS",
      `this deployment sent more lineage events than it may (${this.limit.events} per ${this.limit.windowSeconds} s); retry in ${seconds} s`,
      undefined,
      { "retry-after": String(seconds) },
    );
  }
}

const limiters = new WeakMap<WebServices, CoalescedRateLimiter>();

/** Sets the per-deployment limit this process applies (tests, benchmarks). */
export function configureLineageRateLimit(services: WebServices, limit: LineageRateLimit): void {
  limiters.set(services, createLimiter(services, limit));
}

function createLimiter(services: WebServices, limit: LineageRateLimit): CoalescedRateLimiter {
  const keyPrefix = `${services.redisPrefix}:lineage-rate`;
  const limiter = new RateLimiterRedis({
    storeClient: services.redis,
    keyPrefix,
    points: limit.events,
    duration: limit.windowSeconds,
    insuranceLimiter: new RateLimiterMemory({
      keyPrefix: `${keyPrefix}:memory`,
      points: limit.events,
      duration: limit.windowSeconds,
    }),
  });
  return new CoalescedRateLimiter(limiter, limit);
}

function consumeRate(services: WebServices, deploymentId: string, events: number): Promise<void> {
  let limiter = limiters.get(services);
  if (!limiter) {
    limiter = createLimiter(services, DEFAULT_LINEAGE_RATE_LIMIT);
    limiters.set(services, limiter);
  }
  return limiter.consume(deploymentId, Math.max(1, events));
}

/**
 * The rate-limit charge of a request's events, started before they are checked: the events are
 * validated and queued for the next INSERT while the charge's Redis round trip runs, and stored
 * only once it is admitted (a refusal stores nothing and answers 429, whether or not the events
 * were valid, as before). Measured with `npm run bench:ingest`: the charge had cost a request
 * about 1.8 ms of waiting before its rows could join the queue.
 */
function admission(services: WebServices, deploymentId: string, events: number): Promise<void> {
  const charge = consumeRate(services, deploymentId, events);
  // Awaited by the store; this only keeps a rejection from counting as unhandled meanwhile.
  charge.catch(() => {});
  return charge;
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, "UNAUTHORIZED", message, undefined, {
    "www-authenticate": 'Bearer realm="lineage"',
  });
}

async function authenticate(request: LineageRequest, services: WebServices): Promise<IngestTarget> {
  const header = request.header("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    throw unauthorized("send the deployment's ingest token: Authorization: Bearer skl_…");
  }
  try {
    return await authenticateIngestToken(services.db, match[1] as string, new Date(), ingestTokenCache);
  } catch (error) {
    if (error instanceof Error && error.name === "UnauthenticatedError") throw unauthorized(error.message);
    throw error;
  }
}

/** The body as JSON: gunzipped (bounded: a zip bomb is refused with 413) when gzip-encoded. */
async function readJson(request: LineageRequest, limit: number): Promise<unknown> {
  const encoding = (request.header("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new HttpError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Encoding ${encoding} is not supported; send gzip or nothing`,
    );
  }
  let bytes = await request.body(limit);
  if (encoding === "gzip") {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: limit });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
        throw new HttpError(413, "PAYLOAD_TOO_LARGE", `the decompressed body is larger than ${limit} bytes`);
      }
      throw new HttpError(400, "BAD_REQUEST", "the body is not valid gzip (Content-Encoding: gzip)");
    }
  }
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new HttpError(400, "BAD_REQUEST", `the body is not valid JSON: ${(error as Error).message}`);
  }
}

function describeIssues(issues: readonly EventIssue[]): string {
  return issues.map((issue) => `${issue.pointer} ${issue.message}`).join("; ");
}

function invalidAnswer(message: string, issues: readonly EventIssue[], requestId: string): JsonAnswer {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const messages = fieldErrors[issue.pointer] ?? [];
    messages.push(issue.message);
    fieldErrors[issue.pointer] = messages;
  }
  return errorEnvelopeAnswer(
    400,
    {
      code: "BAD_REQUEST",
      message: `${message}: ${describeIssues(issues)}`,
      field: issues[0]?.pointer ?? "/",
      fieldErrors,
    },
    requestId,
  );
}

const appenders = new WeakMap<WebServices, RawEventAppender>();

/**
 * How this process stores events: concurrent requests share INSERTs (group commit), and
 * each is answered once its own rows committed.
 */
function storeOptions(services: WebServices): { retentionDays?: number; append: RawEventAppender } {
  let append = appenders.get(services);
  if (!append) {
    append = createGroupCommitAppender(services.db);
    appenders.set(services, append);
  }
  const days = services.config.SKYPORT_LINEAGE_RETENTION_DAYS;
  return days === undefined ? { append } : { retentionDays: days, append };
}

/** Derivation requests already sent this second, per deployment: at once, and as it ends. */
const lastRequested = new Map<string, number>();
const lastTrailing = new Map<string, number>();

function requestDerivation(services: WebServices, deploymentId: string): void {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  const first = lastRequested.get(deploymentId) !== second;
  // The second's first event asks at once; later ones ask once more for the second's end, since
  // the first job may have read the raw store before they were stored (and events of the last
  // busy second would otherwise wait for the sweep).
  if (!first && lastTrailing.get(deploymentId) === second) return;
  const requested = first ? lastRequested : lastTrailing;
  requested.set(deploymentId, second);
  if (requested.size > 10_000) requested.clear();
  const payload = first ? { deploymentId, second } : { deploymentId, second, trailing: true };
  // Not awaited: the events are stored; if Redis is down the worker's sweep derives them.
  services.jobs
    .enqueue(jobs.lineageDerive, payload, { delayMs: first ? 0 : (second + 1) * 1000 - now })
    .catch((error: unknown) => {
      requested.delete(deploymentId);
      services.logger.warn({ err: String(error), deploymentId }, "could not request lineage derivation");
    });
}

/** The two answers to an accepted single event, made once and frozen (shared by every request). */
const acceptedAnswer = (duplicate: boolean): JsonAnswer => {
  const body: z.input<typeof lineageAcceptedSchema> = { status: "success", duplicate };
  return Object.freeze({ status: 200, body: Object.freeze(body), headers: Object.freeze({}) });
};
const ACCEPTED = acceptedAnswer(false);
const ACCEPTED_DUPLICATE = acceptedAnswer(true);

/** Serves POST /api/v1/lineage (one event) and /api/v1/lineage/batch to a Web `Request`. */
export async function handleLineageIngest(
  request: Request,
  services: WebServices,
  requestId: string,
  kind: "single" | "batch",
): Promise<Response> {
  const answer = await answerLineageIngest(webLineageRequest(request), services, requestId, kind);
  return jsonResponse(answer.status, answer.body, answer.headers);
}

/**
 * The answer to POST /api/v1/lineage (one event) or /api/v1/lineage/batch (an array of events),
 * on any server; a refusal it does not answer itself (401, 413, 415, 429, …) is thrown as an
 * HttpError for the caller's error envelope.
 */
export async function answerLineageIngest(
  request: LineageRequest,
  services: WebServices,
  requestId: string,
  kind: "single" | "batch",
): Promise<JsonAnswer> {
  const target = await authenticate(request, services);
  const body = await readJson(request, kind === "batch" ? MAX_LINEAGE_BATCH_BYTES : MAX_LINEAGE_EVENT_BYTES);

  if (kind === "single") {
    if (Array.isArray(body)) {
      throw new HttpError(400, "BAD_REQUEST", "send one event here; arrays go to /api/v1/lineage/batch", "/");
    }
    const [outcome] = await ingestLineageEvents(services.db, target, [body], {
      ...storeOptions(services),
      admission: admission(services, target.deploymentId, 1),
    });
    if (!outcome || outcome.status === "invalid") {
      return invalidAnswer("the event is not a valid OpenLineage event", outcome?.issues ?? [], requestId);
    }
    if (outcome.status === "stored") requestDerivation(services, target.deploymentId);
    return outcome.status === "duplicate" ? ACCEPTED_DUPLICATE : ACCEPTED;
  }

  if (!Array.isArray(body) || body.length === 0) {
    throw new HttpError(
      400,
      "BAD_REQUEST",
      "the batch must be a non-empty JSON array of OpenLineage events",
      "/",
    );
  }
  if (body.length > MAX_LINEAGE_BATCH_EVENTS) {
    throw new HttpError(
      413,
      "PAYLOAD_TOO_LARGE",
      `a batch may hold at most ${MAX_LINEAGE_BATCH_EVENTS} events (got ${body.length})`,
    );
  }
  const outcomes = await ingestLineageEvents(services.db, target, body, {
    batch: true,
    ...storeOptions(services),
    admission: admission(services, target.deploymentId, body.length),
  });
  const failed = outcomes.filter((outcome) => outcome.status === "invalid");
  if (failed.length === body.length) {
    return invalidAnswer(
      "no event of the batch is a valid OpenLineage event",
      failed.flatMap((outcome) => outcome.issues),
      requestId,
    );
  }
  if (outcomes.some((outcome) => outcome.status === "stored"))
    requestDerivation(services, target.deploymentId);
  const answer: z.input<typeof lineageBatchAnswerSchema> = {
    status: failed.length === 0 ? "success" : "partial_success",
    summary: {
      received: body.length,
      successful: body.length - failed.length,
      failed: failed.length,
      retriable: 0,
      non_retriable: failed.length,
    },
    failed_events: failed.map((outcome) => ({
      index: outcome.index,
      reason: describeIssues(outcome.issues),
      retriable: false,
    })),
  };
  return { status: 200, body: answer, headers: {} };
}
