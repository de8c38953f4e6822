// A discrete-event model of Airflow scheduling a workload on a deployment spec.
//
// Events, in time order (ties in insertion order): DAG runs falling due, scheduler loops,
// KEDA polls, workers becoming ready, tasks finishing, metric samples. Each scheduler loop
// creates due DAG runs (max_active_runs_per_dag) and queues ready task instances while the
// executor (parallelism × schedulers), the task's pool and its DAG's max_active_tasks have room,
// at most max_tis_per_query per loop. Celery hands a queued task to a ready worker of its queue
// with a free slot (worker_concurrency). KEDA sets each queue's workers to
// ceil((queued + running) / concurrency) within [min, max] every polling interval, scales down
// only after the cooldown, and removes only idle workers.
// Scheduler loop latency grows with scheduler CPU load (1 / (1 − utilisation), a queueing
// approximation), which also slows its heartbeats. Deterministic for a given seed.
import type { DeploymentSpec } from "@skyport/deployment-spec";
import { KEDA, type SchedulingSettings, schedulingSettings } from "./settings.ts";
import { percentile } from "./stats.ts";
import { DEFAULT_POOL, type Workload } from "./workload.ts";

export interface SimulationOptions {
  readonly horizonSeconds: number;
  readonly seed: number;
  /** Metric sample period (Skyport stores one-minute buckets). */
  readonly sampleSeconds: number;
  /** A new Celery worker pod takes this long to accept tasks. */
  readonly workerStartupSeconds: number;
  /** The scheduler loop's duration on an idle scheduler. */
  readonly baseLoopSeconds: number;
  /**
   * Seconds a task holds its executor slot and worker slot beyond its own duration: the Celery
   * hand-off, the task process's start-up and its result reaching the scheduler. 0 by default
   * (the corpus); the real-Airflow calibration (docs/tuning.md) measures it.
   */
  readonly taskOverheadSeconds: number;
}

export const DEFAULT_SIMULATION: SimulationOptions = {
  horizonSeconds: 6 * 3600,
  seed: 1,
  sampleSeconds: 60,
  workerStartupSeconds: 60,
  baseLoopSeconds: 1,
  taskOverheadSeconds: 0,
};

/** One labelled series, sampled every `stepSeconds`, named like Skyport's stored metrics. */
export interface Series {
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly values: number[];
}

export interface TaskFact {
  readonly dagId: string;
  readonly taskId: string;
  readonly queue: string;
  readonly pool: string;
  /** When its run was due and its upstream tasks had finished (seconds from start). */
  readonly readyAt: number;
  queuedAt?: number;
  startedAt?: number;
  endedAt?: number;
  readonly durationSeconds: number;
}

export interface SimulationResult {
  /** Seconds from ready to running; tasks still waiting at the end count until then. */
  readonly queueWaitP50: number;
  readonly queueWaitP90: number;
  /** Tasks finished per hour. */
  readonly throughputPerHour: number;
  /** Mean free executor slots. */
  readonly openSlotsMean: number;
  readonly workerHours: number;
  readonly workerHoursByQueue: Readonly<Record<string, number>>;
  /** Seconds one full pass over the DAG folder takes. */
  readonly totalParseSeconds: number;
  readonly schedulerLoopSeconds: number;
  readonly tasksFinished: number;
  readonly stepSeconds: number;
  readonly series: readonly Series[];
  readonly tasks: readonly TaskFact[];
}

/** mulberry32: small, fast and good enough for duration jitter. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A binary min-heap of events by (time, sequence). */
class EventQueue<T> {
  private readonly items: { at: number; seq: number; value: T }[] = [];
  private seq = 0;

  push(at: number, value: T): void {
    const item = { at, seq: this.seq++, value };
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i] as typeof item, items[parent] as typeof item)) break;
      [items[i], items[parent]] = [items[parent] as typeof item, items[i] as typeof item];
      i = parent;
    }
  }

  pop(): { at: number; value: T } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (!top || !last) return undefined;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.before(items[left] as typeof last, items[smallest] as typeof last))
          smallest = left;
        if (right < items.length && this.before(items[right] as typeof last, items[smallest] as typeof last))
          smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest] as typeof last, items[i] as typeof last];
        i = smallest;
      }
    }
    return top;
  }

  private before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

type Event =
  | { kind: "schedulerLoop" }
  | { kind: "kedaPoll" }
  | { kind: "workerReady"; worker: Worker }
  | { kind: "taskFinished"; task: TaskInstance }
  | { kind: "sample" };

interface Worker {
  readonly queue: string;
  ready: boolean;
  running: number;
  readonly startedAt: number;
  stoppedAt?: number;
}

interface DagRun {
  readonly dagIndex: number;
  readonly dueAt: number;
  active: boolean;
  remaining: number;
  readonly tasks: TaskInstance[];
}

interface TaskInstance {
  readonly fact: TaskFact;
  readonly run: DagRun;
  readonly taskIndex: number;
  readonly poolSlots: number;
  state: "waiting" | "ready" | "queued" | "running" | "done";
  worker?: Worker;
  pendingUpstream: number;
  readonly downstream: TaskInstance[];
}

/** How long one scheduler loop takes, given the CPU the workload keeps the scheduler busy with. */
export function schedulerLoopSeconds(settings: SchedulingSettings, load: Workload, base: number): number {
  const utilisation = Math.min(
    0.95,
    load.schedulerCpuDemand / (settings.schedulerCpus * settings.schedulers),
  );
  return base / (1 - utilisation);
}

/** Scheduler CPU utilisation (0–1) for the workload. */
export function schedulerUtilisation(settings: SchedulingSettings, load: Workload): number {
  return Math.min(1, load.schedulerCpuDemand / (settings.schedulerCpus * settings.schedulers));
}

/** One full pass over the DAG folder: parse CPU over the processes the DAG processor's CPUs can run. */
export function totalParseSeconds(settings: SchedulingSettings, load: Workload): number {
  const speed = Math.min(settings.parsingProcesses, settings.dagProcessorCpus);
  return load.parseCpuSeconds / speed;
}

export function simulate(
  spec: DeploymentSpec,
  load: Workload,
  options: Partial<SimulationOptions> = {},
): SimulationResult {
  const opts = { ...DEFAULT_SIMULATION, ...options };
  const settings = schedulingSettings(spec);
  const random = seededRandom(opts.seed);
  const events = new EventQueue<Event>();
  const horizon = opts.horizonSeconds;
  const executorSlots = settings.parallelism * settings.schedulers;
  const loopSeconds = schedulerLoopSeconds(settings, load, opts.baseLoopSeconds);
  // HA schedulers loop independently; together they look at the queue twice as often.
  const loopPeriod = loopSeconds / settings.schedulers;
  const heartbeatsPerMinute =
    (60 / Math.max(settings.schedulerHeartbeatSeconds, loopSeconds)) * settings.schedulers;
  const parseSeconds = totalParseSeconds(settings, load);

  const queues = new Map(spec.workerQueues.map((q) => [q.name, q]));
  const poolSlots = new Map<string, number>([[DEFAULT_POOL, 128]]);
  for (const [name, slots] of Object.entries(load.pools)) poolSlots.set(name, slots);
  const poolUsed = new Map<string, number>();
  const dagActive = new Map<number, number>();
  const dagActiveRuns = new Map<number, number>();
  const pendingRuns = new Map<number, DagRun[]>();
  const nextDue = load.dags.map((dag) => dag.offsetSeconds);
  const celery = new Map<string, TaskInstance[]>();
  const running = new Map<string, number>();
  const workers = new Map<string, Worker[]>();
  const lowSince = new Map<string, number>();
  const allWorkers: Worker[] = [];
  const facts: TaskFact[] = [];
  let ready: TaskInstance[] = [];
  let queuedCount = 0;
  let runningCount = 0;
  let finished = 0;
  let starving = 0;
  let dirty = true;
  const starvingByPool = new Map<string, number>();

  const sampleTimes: number[] = [];
  const seriesMap = new Map<string, Series>();
  const record = (key: string, labels: Record<string, string>, value: number) => {
    const id = `${key}${JSON.stringify(labels)}`;
    let series = seriesMap.get(id);
    if (!series) {
      series = { key, labels, values: new Array(sampleTimes.length - 1).fill(0) };
      seriesMap.set(id, series);
    }
    series.values.push(value);
  };

  const maxActiveTasks = (dagIndex: number) =>
    load.dags[dagIndex]?.maxActiveTasks ?? settings.maxActiveTasksPerDag;
  const maxActiveRuns = (dagIndex: number) =>
    load.dags[dagIndex]?.maxActiveRuns ?? settings.maxActiveRunsPerDag;

  const startWorker = (queue: string, at: number, startup: number) => {
    const worker: Worker = { queue, ready: false, running: 0, startedAt: at };
    const list = workers.get(queue) ?? [];
    list.push(worker);
    workers.set(queue, list);
    allWorkers.push(worker);
    events.push(at + startup, { kind: "workerReady", worker });
  };

  for (const queue of spec.workerQueues) {
    for (let i = 0; i < queue.minWorkers; i++) startWorker(queue.name, 0, 0);
  }

  const createRun = (dagIndex: number, dueAt: number): DagRun => {
    const dag = load.dags[dagIndex];
    if (!dag) throw new Error(`no DAG ${dagIndex}`);
    const run: DagRun = { dagIndex, dueAt, active: false, remaining: dag.tasks.length, tasks: [] };
    const byId = new Map<string, TaskInstance>();
    dag.tasks.forEach((task, taskIndex) => {
      const duration = task.durationSeconds * (1 + task.jitter * (2 * random() - 1));
      const instance: TaskInstance = {
        fact: {
          dagId: dag.id,
          taskId: task.id,
          queue: task.queue,
          pool: task.pool,
          readyAt: dueAt,
          durationSeconds: duration,
        },
        run,
        taskIndex,
        poolSlots: task.poolSlots,
        state: "waiting",
        pendingUpstream: 0,
        downstream: [],
      };
      byId.set(task.id, instance);
      run.tasks.push(instance);
    });
    dag.tasks.forEach((task, taskIndex) => {
      const instance = run.tasks[taskIndex] as TaskInstance;
      for (const upstreamId of task.upstream) {
        const upstream = byId.get(upstreamId);
        if (!upstream) continue;
        upstream.downstream.push(instance);
        instance.pendingUpstream++;
      }
    });
    return run;
  };

  const activate = (run: DagRun) => {
    run.active = true;
    dagActiveRuns.set(run.dagIndex, (dagActiveRuns.get(run.dagIndex) ?? 0) + 1);
    for (const task of run.tasks) {
      if (task.pendingUpstream === 0) makeReady(task, run.dueAt);
    }
  };

  const makeReady = (task: TaskInstance, at: number) => {
    (task.fact as { readyAt: number }).readyAt = at;
    task.state = "ready";
    ready.push(task);
    facts.push(task.fact);
  };

  const schedulerLoop = (now: number) => {
    // DAG runs that fell due since the last loop.
    load.dags.forEach((dag, dagIndex) => {
      while ((nextDue[dagIndex] as number) <= now && (nextDue[dagIndex] as number) < horizon) {
        const list = pendingRuns.get(dagIndex) ?? [];
        list.push(createRun(dagIndex, nextDue[dagIndex] as number));
        pendingRuns.set(dagIndex, list);
        nextDue[dagIndex] = (nextDue[dagIndex] as number) + dag.scheduleSeconds;
        dirty = true;
      }
      const pending = pendingRuns.get(dagIndex);
      while (pending && pending.length > 0 && (dagActiveRuns.get(dagIndex) ?? 0) < maxActiveRuns(dagIndex)) {
        const run = pending.shift() as DagRun;
        // A run held back by max_active_runs: its tasks have waited since the run fell due.
        activate(run);
        dirty = true;
      }
    });
    if (!dirty) return;
    dirty = false;
    starving = 0;
    starvingByPool.clear();
    let queuedThisLoop = 0;
    const still: TaskInstance[] = [];
    for (const task of ready) {
      const openExecutor = executorSlots - queuedCount - runningCount;
      if (openExecutor <= 0 || queuedThisLoop >= settings.maxTisPerQuery) {
        still.push(task);
        continue;
      }
      const pool = task.fact.pool;
      const poolOpen = (poolSlots.get(pool) ?? 0) - (poolUsed.get(pool) ?? 0);
      if (poolOpen < task.poolSlots) {
        starving++;
        starvingByPool.set(pool, (starvingByPool.get(pool) ?? 0) + 1);
        still.push(task);
        continue;
      }
      const dagIndex = task.run.dagIndex;
      if ((dagActive.get(dagIndex) ?? 0) >= maxActiveTasks(dagIndex)) {
        still.push(task);
        continue;
      }
      task.state = "queued";
      task.fact.queuedAt = now;
      poolUsed.set(pool, (poolUsed.get(pool) ?? 0) + task.poolSlots);
      dagActive.set(dagIndex, (dagActive.get(dagIndex) ?? 0) + 1);
      queuedCount++;
      queuedThisLoop++;
      const list = celery.get(task.fact.queue) ?? [];
      list.push(task);
      celery.set(task.fact.queue, list);
    }
    ready = still;
    // More than a query's worth left: the next loop continues straight away.
    if (queuedThisLoop >= settings.maxTisPerQuery) dirty = true;
  };

  const dispatch = (now: number) => {
    for (const [queueName, list] of celery) {
      const queue = queues.get(queueName);
      if (!queue || list.length === 0) continue;
      for (const worker of workers.get(queueName) ?? []) {
        while (worker.ready && worker.stoppedAt === undefined && worker.running < queue.workerConcurrency) {
          const task = list.shift();
          if (!task) break;
          worker.running++;
          task.worker = worker;
          task.state = "running";
          task.fact.startedAt = now;
          queuedCount--;
          runningCount++;
          running.set(queueName, (running.get(queueName) ?? 0) + 1);
          events.push(now + opts.taskOverheadSeconds + task.fact.durationSeconds, {
            kind: "taskFinished",
            task,
          });
        }
        if (list.length === 0) break;
      }
    }
  };

  const finish = (task: TaskInstance, now: number) => {
    task.state = "done";
    task.fact.endedAt = now;
    const worker = task.worker as Worker;
    worker.running--;
    runningCount--;
    finished++;
    running.set(task.fact.queue, (running.get(task.fact.queue) ?? 1) - 1);
    poolUsed.set(task.fact.pool, (poolUsed.get(task.fact.pool) ?? 0) - task.poolSlots);
    const dagIndex = task.run.dagIndex;
    dagActive.set(dagIndex, (dagActive.get(dagIndex) ?? 1) - 1);
    for (const downstream of task.downstream) {
      downstream.pendingUpstream--;
      if (downstream.pendingUpstream === 0) makeReady(downstream, now);
    }
    task.run.remaining--;
    if (task.run.remaining === 0) {
      dagActiveRuns.set(dagIndex, (dagActiveRuns.get(dagIndex) ?? 1) - 1);
    }
    dirty = true;
  };

  const live = (queue: string) => (workers.get(queue) ?? []).filter((w) => w.stoppedAt === undefined);

  const kedaPoll = (now: number) => {
    for (const queue of spec.workerQueues) {
      const demand = (celery.get(queue.name)?.length ?? 0) + (running.get(queue.name) ?? 0);
      const desired = Math.min(
        queue.maxWorkers,
        Math.max(queue.minWorkers, Math.ceil(demand / queue.workerConcurrency)),
      );
      const current = live(queue.name);
      if (desired > current.length) {
        for (let i = current.length; i < desired; i++)
          startWorker(queue.name, now, opts.workerStartupSeconds);
        lowSince.delete(queue.name);
      } else if (desired < current.length) {
        const since = lowSince.get(queue.name) ?? now;
        lowSince.set(queue.name, since);
        if (now - since >= KEDA.cooldownSeconds) {
          let surplus = current.length - desired;
          for (const worker of current) {
            if (surplus === 0) break;
            if (worker.running > 0) continue;
            worker.stoppedAt = now;
            surplus--;
          }
        }
      } else lowSince.delete(queue.name);
    }
  };

  const sample = (now: number) => {
    sampleTimes.push(now);
    record("executor_open_slots", {}, executorSlots - queuedCount - runningCount);
    record("executor_queued_tasks", {}, queuedCount);
    record("executor_running_tasks", {}, runningCount);
    record("scheduler_tasks_starving", {}, starving);
    record("scheduler_tasks_executable", {}, ready.length);
    record("scheduler_heartbeat", {}, heartbeatsPerMinute * (opts.sampleSeconds / 60));
    record("dag_processing_total_parse_time", {}, parseSeconds);
    for (const [pool, slots] of poolSlots) {
      if (pool !== DEFAULT_POOL && !load.dags.some((d) => d.tasks.some((t) => t.pool === pool))) continue;
      record("pool_open_slots", { pool_name: pool }, slots - (poolUsed.get(pool) ?? 0));
      record("pool_starving_tasks", { pool_name: pool }, starvingByPool.get(pool) ?? 0);
    }
    for (const queue of spec.workerQueues) {
      record("workers", { queue: queue.name }, live(queue.name).filter((w) => w.ready).length);
      record("ti_queued", { queue: queue.name }, celery.get(queue.name)?.length ?? 0);
      record("ti_running", { queue: queue.name }, running.get(queue.name) ?? 0);
    }
    const waitingByDag = new Map<number, number>();
    for (const task of ready)
      waitingByDag.set(task.run.dagIndex, (waitingByDag.get(task.run.dagIndex) ?? 0) + 1);
    load.dags.forEach((dag, dagIndex) => {
      record("dag_active_tasks", { dag_id: dag.id }, dagActive.get(dagIndex) ?? 0);
      record("dag_waiting_tasks", { dag_id: dag.id }, waitingByDag.get(dagIndex) ?? 0);
    });
  };

  events.push(0, { kind: "schedulerLoop" });
  events.push(0, { kind: "kedaPoll" });
  events.push(opts.sampleSeconds, { kind: "sample" });
  for (;;) {
    const next = events.pop();
    if (!next || next.at > horizon) break;
    const now = next.at;
    const event = next.value;
    switch (event.kind) {
      case "schedulerLoop":
        schedulerLoop(now);
        events.push(now + loopPeriod, event);
        break;
      case "kedaPoll":
        kedaPoll(now);
        events.push(now + KEDA.pollingIntervalSeconds, event);
        break;
      case "workerReady":
        event.worker.ready = true;
        break;
      case "taskFinished":
        finish(event.task, now);
        break;
      case "sample":
        sample(now);
        events.push(now + opts.sampleSeconds, event);
        break;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
      }
    }
    dispatch(now);
  }

  const waits = facts.map((fact) => (fact.startedAt ?? horizon) - fact.readyAt);
  const workerHoursByQueue: Record<string, number> = {};
  for (const worker of allWorkers) {
    const hours = ((worker.stoppedAt ?? horizon) - worker.startedAt) / 3600;
    workerHoursByQueue[worker.queue] = (workerHoursByQueue[worker.queue] ?? 0) + hours;
  }
  const openSlots = seriesMap.get("executor_open_slots{}")?.values ?? [];
  return {
    queueWaitP50: percentile(waits, 0.5),
    queueWaitP90: percentile(waits, 0.9),
    throughputPerHour: finished / (horizon / 3600),
    openSlotsMean: openSlots.length ? openSlots.reduce((a, b) => a + b, 0) / openSlots.length : executorSlots,
    workerHours: Object.values(workerHoursByQueue).reduce((a, b) => a + b, 0),
    workerHoursByQueue,
    totalParseSeconds: parseSeconds,
    schedulerLoopSeconds: loopSeconds,
    tasksFinished: finished,
    stepSeconds: opts.sampleSeconds,
    series: [...seriesMap.values()],
    tasks: facts,
  };
}
