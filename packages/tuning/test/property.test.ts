// Property (issue 16): over random specs and workloads, no recommendation exceeds the quota or
// a worker's memory per concurrent task, touches a refused key, or yields a spec the validator
// refuses. Checked here from the spec itself, not through the engine's own safety check.
import {
  deploymentSpec,
  MAX_WORKERS_PER_QUEUE,
  parseDeploymentSpec,
  RUNTIME_VERSIONS,
  refusalReason,
  SIZES,
} from "@skyport/deployment-spec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changedSpecInput } from "../src/changes.ts";
import { recommend } from "../src/engine.ts";
import { observeSimulation } from "../src/observation.ts";
import { maxConcurrencyFor, peakCompute, planExcess } from "../src/safety.ts";
import { simulate } from "../src/simulator.ts";
import { workload } from "../src/workload.ts";

const size = fc.constantFrom("S" as const, "M" as const, "L" as const);

const queueArb = fc
  .record({
    workerSize: size,
    minWorkers: fc.integer({ min: 0, max: 6 }),
    extra: fc.integer({ min: 0, max: 8 }),
    workerConcurrency: fc.integer({ min: 1, max: 24 }),
  })
  .map((q) => ({
    workerSize: q.workerSize,
    minWorkers: q.minWorkers,
    maxWorkers: Math.max(1, q.minWorkers + q.extra),
    workerConcurrency: q.workerConcurrency,
  }));

const specArb = fc
  .record({
    runtimeVersion: fc.constantFrom(...RUNTIME_VERSIONS),
    schedulerSize: size,
    highAvailability: fc.boolean(),
    queues: fc.array(queueArb, { minLength: 1, maxLength: 3 }),
    parallelism: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
    maxActiveTasks: fc.option(fc.integer({ min: 1, max: 32 }), { nil: undefined }),
  })
  .map((s) =>
    deploymentSpec({
      name: "prop",
      executor: "CELERY",
      runtimeVersion: s.runtimeVersion,
      schedulerSize: s.schedulerSize,
      highAvailability: s.highAvailability,
      workerQueues: s.queues.map((q, i) => ({ ...q, name: i === 0 ? "default" : `q${i}` })),
      airflowConfigOverrides: [
        ...(s.parallelism ? [{ section: "core", key: "parallelism", value: String(s.parallelism) }] : []),
        ...(s.maxActiveTasks
          ? [{ section: "core", key: "max_active_tasks_per_dag", value: String(s.maxActiveTasks) }]
          : []),
      ],
    }),
  );

const workloadArb = (queues: readonly string[]) =>
  fc
    .record({
      dags: fc.array(
        fc.record({
          scheduleSeconds: fc.integer({ min: 300, max: 3600 }),
          tasks: fc.array(
            fc.record({
              durationSeconds: fc.integer({ min: 5, max: 1800 }),
              queue: fc.constantFrom(...queues),
              pooled: fc.boolean(),
            }),
            { minLength: 1, maxLength: 25 },
          ),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      poolSlots: fc.integer({ min: 1, max: 8 }),
      parseCpuSeconds: fc.integer({ min: 0, max: 40 }),
      schedulerCpuTenths: fc.integer({ min: 0, max: 30 }),
    })
    .map((w) =>
      workload({
        pools: { shared: w.poolSlots },
        parseCpuSeconds: w.parseCpuSeconds,
        schedulerCpuDemand: w.schedulerCpuTenths / 10,
        dags: w.dags.map((dag, d) => ({
          id: `dag${d}`,
          scheduleSeconds: dag.scheduleSeconds,
          tasks: dag.tasks.map((task, t) => ({
            id: `t${t}`,
            durationSeconds: task.durationSeconds,
            jitter: 0.3,
            queue: task.queue,
            ...(task.pooled ? { pool: "shared" } : {}),
          })),
        })),
      }),
    );

/** A quota the deployment fits today, with random headroom (zero included). */
const limitsArb = (spec: ReturnType<typeof deploymentSpec>) =>
  fc
    .record({ cpu: fc.integer({ min: 0, max: 16_000 }), memory: fc.integer({ min: 0, max: 32_768 }) })
    .map((headroom) => ({
      cpuMillis: peakCompute(spec).cpuMillis + headroom.cpu,
      memoryMiB: peakCompute(spec).memoryMiB + headroom.memory,
    }));

/** A plan the deployment fits today, with random headroom (none included) or no worker cap. */
const planArb = (spec: ReturnType<typeof deploymentSpec>) =>
  fc
    .record({
      workers: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
      larger: fc.boolean(),
      highAvailability: fc.boolean(),
    })
    .map((headroom) => ({
      maxWorkersPerQueue:
        headroom.workers === null
          ? null
          : Math.max(...spec.workerQueues.map((q) => q.maxWorkers)) + headroom.workers,
      schedulerSizes: headroom.larger ? SIZES.slice(SIZES.indexOf(spec.schedulerSize)) : [spec.schedulerSize],
      highAvailability: spec.highAvailability || headroom.highAvailability,
    }));

describe("recommendations over random deployments", () => {
  it("never exceed the quota, the plan or worker memory and never touch a refused key", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        specArb.chain((spec) =>
          fc.tuple(
            fc.constant(spec),
            workloadArb(spec.workerQueues.map((q) => q.name)),
            limitsArb(spec),
            fc.integer({ min: 1, max: 1000 }),
            planArb(spec),
          ),
        ),
        ([spec, load, limits, seed, plan]) => {
          const observed = simulate(spec, load, { horizonSeconds: 3600, seed });
          const recommendations = recommend(observeSimulation(spec, load, observed), {
            limits,
            plan,
            simulation: { horizonSeconds: 3600 },
          });
          for (const recommendation of recommendations) {
            seen.add(recommendation.ruleId);
            const parsed = parseDeploymentSpec(changedSpecInput(spec, recommendation.changes));
            expect(parsed.ok).toBe(true);
            if (!parsed.ok) continue;
            const after = parsed.spec;
            for (const change of recommendation.changes) {
              if (change.kind === "setting")
                expect(refusalReason(change.section, change.key)).toBeUndefined();
            }
            const peak = peakCompute(after);
            expect(peak.cpuMillis).toBeLessThanOrEqual(limits.cpuMillis);
            expect(peak.memoryMiB).toBeLessThanOrEqual(limits.memoryMiB);
            expect(planExcess(after, plan)).toEqual([]);
            for (const queue of after.workerQueues) {
              expect(queue.maxWorkers).toBeLessThanOrEqual(MAX_WORKERS_PER_QUEUE);
              const old = spec.workerQueues.find((q) => q.name === queue.name);
              const changed =
                !old ||
                old.workerConcurrency !== queue.workerConcurrency ||
                old.workerSize !== queue.workerSize ||
                old.maxWorkers !== queue.maxWorkers;
              if (changed)
                expect(queue.workerConcurrency).toBeLessThanOrEqual(maxConcurrencyFor(queue.workerSize));
            }
          }
        },
      ),
      { numRuns: 40, seed: 20261206 },
    );
    // The random deployments do hit bottlenecks: the property is not vacuous.
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
