import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { z } from "zod";
import type { JobDefinition, QueueName } from "./catalog.ts";

/**
 * Enqueues catalog jobs. Payloads are validated before they reach Redis, and the job id is
 * derived from the definition's idempotency key, so enqueueing twice is harmless.
 */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix = "skyport",
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<Name extends string, Schema extends z.ZodType>(
    definition: JobDefinition<Name, Schema>,
    payload: z.input<Schema>,
    options: { readonly delayMs?: number } = {},
  ): Promise<string> {
    const data = definition.payload.parse(payload);
    // BullMQ reserves ":" in job ids (it separates Redis key parts).
    const jobId = `${definition.name}.${definition.idempotencyKey(data)}`.replaceAll(":", "_");
    const job = await this.queue(definition.queue).add(definition.name, data, {
      ...definition.options,
      jobId,
      ...(options.delayMs && options.delayMs > 0 ? { delay: options.delayMs } : {}),
    });
    return job.id ?? jobId;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
