import type { Logger } from "@skyport/logger";
import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";

/** `token` is the lock token, for handlers that delay their own job (job.moveToDelayed). */
export type JobHandler = (job: Job, token?: string) => Promise<unknown>;

export interface QueueConsumer {
  queue: string;
  /** Handlers by job name; a job with no handler fails loudly rather than vanishing. */
  handlers: Record<string, JobHandler>;
  concurrency?: number;
}

export interface WorkerRuntime {
  /** Resolves once every worker has connected and is taking jobs. */
  ready: Promise<void>;
  /**
   * Graceful stop: no new jobs are taken, active jobs run to completion (up to timeoutMs,
   * after which they are abandoned to BullMQ's stalled-job recovery).
   */
  shutdown(timeoutMs: number): Promise<{ graceful: boolean }>;
}

/** Starts one BullMQ worker per consumer. The connection is duplicated per worker. */
export function startWorkerRuntime(options: {
  connection: Redis;
  consumers: QueueConsumer[];
  logger: Logger;
  prefix?: string;
}): WorkerRuntime {
  const { logger } = options;
  const workers = options.consumers.map((consumer) => {
    const worker = new Worker(
      consumer.queue,
      async (job, token) => {
        const handler = consumer.handlers[job.name];
        if (!handler) throw new Error(`no handler for job "${job.name}" on queue "${consumer.queue}"`);
        return handler(job, token);
      },
      {
        connection: options.connection.duplicate(),
        prefix: options.prefix ?? "skyport",
        concurrency: consumer.concurrency ?? 1,
        autorun: true,
      },
    );
    worker.on("failed", (job, error) => {
      logger.warn(
        { queue: consumer.queue, job: job?.name, jobId: job?.id, err: error.message },
        "job failed",
      );
    });
    worker.on("error", (error) => {
      logger.error({ queue: consumer.queue, err: error.message }, "worker error");
    });
    return worker;
  });

  return {
    ready: Promise.all(workers.map((w) => w.waitUntilReady())).then(() => undefined),
    async shutdown(timeoutMs) {
      // close() stops fetching at once and resolves after active jobs finish.
      const closing = Promise.all(workers.map((w) => w.close())).then(() => true);
      const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      const graceful = await Promise.race([closing, timedOut]);
      if (!graceful) await Promise.all(workers.map((w) => w.close(true)));
      return { graceful };
    },
  };
}
