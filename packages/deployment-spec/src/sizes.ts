// Concrete compute behind the S/M/L sizes customers pick, and the fixed sizes of the
// components they do not size. Requests equal limits for every Skyport container: a tenant's
// Airflow gets exactly what it is billed for (Guaranteed QoS), never a noisy neighbour's spare
// cycles, and the ResourceQuota arithmetic in render/quota.ts stays exact.

export const SIZES = ["S", "M", "L"] as const;
export type Size = (typeof SIZES)[number];

/** CPU in millicores, memory in MiB: integers, so sums are exact. */
export interface Compute {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** Scheduler: S = 1 CPU / 2 GiB, M = 2 CPU / 4 GiB, L = 4 CPU / 8 GiB (per scheduler replica). */
export const SCHEDULER_SIZES: Readonly<Record<Size, Compute>> = {
  S: { cpuMillis: 1000, memoryMiB: 2048 },
  M: { cpuMillis: 2000, memoryMiB: 4096 },
  L: { cpuMillis: 4000, memoryMiB: 8192 },
};

/** Celery worker: S = 1 CPU / 2 GiB, M = 2 CPU / 4 GiB, L = 4 CPU / 8 GiB (per worker pod). */
export const WORKER_SIZES: Readonly<Record<Size, Compute>> = {
  S: { cpuMillis: 1000, memoryMiB: 2048 },
  M: { cpuMillis: 2000, memoryMiB: 4096 },
  L: { cpuMillis: 4000, memoryMiB: 8192 },
};

/** The DAG processor parses the same files the scheduler schedules: half the scheduler's size. */
export function dagProcessorSize(schedulerSize: Size): Compute {
  const scheduler = SCHEDULER_SIZES[schedulerSize];
  return { cpuMillis: scheduler.cpuMillis / 2, memoryMiB: scheduler.memoryMiB / 2 };
}

/** Components customers do not size. */
export const FIXED_SIZES = {
  /** webserver (2.x) or api-server (3.x): gunicorn/uvicorn workers serving UI and REST API. */
  ui: { cpuMillis: 1000, memoryMiB: 2048 },
  triggerer: { cpuMillis: 500, memoryMiB: 1024 },
  redis: { cpuMillis: 250, memoryMiB: 512 },
  statsdExporter: { cpuMillis: 100, memoryMiB: 128 },
  /** `airflow db migrate` Job. */
  migrate: { cpuMillis: 500, memoryMiB: 1024 },
  /** Init container waiting for migrations (an Airflow CLI process). */
  waitForMigrations: { cpuMillis: 250, memoryMiB: 512 },
  /** Default size of one KubernetesExecutor task pod (also the LimitRange default). */
  kubernetesTask: { cpuMillis: 500, memoryMiB: 1024 },
} as const satisfies Record<string, Compute>;

/** The largest single container Skyport runs; the LimitRange caps containers at this. */
export const LARGEST_CONTAINER: Compute = { cpuMillis: 4000, memoryMiB: 8192 };

export function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function memoryQuantity(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

export function resourcesFor(compute: Compute) {
  const quantities = { cpu: cpuQuantity(compute.cpuMillis), memory: memoryQuantity(compute.memoryMiB) };
  return { requests: { ...quantities }, limits: { ...quantities } };
}
