// The local autoscaler: each worker queue's Celery workers follow the number the KEDA
// ScaledObject computes on Kubernetes — the same query (kedaQuery: ceil((queued + running task
// instances of the queue) / concurrency)) against the deployment's metadata database — clamped
// to the queue's min and max workers.
import type { WorkerQueue } from "@skyport/deployment-spec";
import { kedaQuery } from "@skyport/provisioning";
import pg from "pg";

export function clampWorkers(wanted: number, queue: Pick<WorkerQueue, "minWorkers" | "maxWorkers">): number {
  return Math.min(queue.maxWorkers, Math.max(queue.minWorkers, wanted));
}

/** Workers wanted per queue now, from the metadata database at `metadataDbUrl`. */
export async function desiredWorkers(
  metadataDbUrl: string,
  queues: readonly WorkerQueue[],
): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: metadataDbUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const wanted = new Map<string, number>();
    for (const queue of queues) {
      const { rows } = await client.query<{ ceil: string | null }>(kedaQuery(queue));
      wanted.set(queue.name, clampWorkers(Number(rows[0]?.ceil ?? 0), queue));
    }
    return wanted;
  } finally {
    await client.end().catch(() => {});
  }
}
