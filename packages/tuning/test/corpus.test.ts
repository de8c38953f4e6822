// Acceptance corpus (issue 16): every bottleneck scenario gets the rule it was built for, the
// healthy ones get nothing, and applying a recommendation moves the simulated metric by what
// the engine predicted (±25%), measured on a different seed than the prediction used.
import { describe, expect, it } from "vitest";
import { applyChanges } from "../src/changes.ts";
import { improvement, recommend } from "../src/engine.ts";
import { observeSimulation } from "../src/observation.ts";
import { simulate } from "../src/simulator.ts";
import { applyWorkloadChange } from "../src/workload.ts";
import { SCENARIOS, scenarioSpec, scenarioWorkload } from "./corpus.ts";

const OBSERVED_SEED = 11;
const MEASURED_SEED = 99;

describe("acceptance corpus", () => {
  it("has at least 12 labelled scenarios, bottlenecks and healthy ones", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(12);
    expect(SCENARIOS.filter((s) => s.expect === "healthy").length).toBeGreaterThanOrEqual(3);
    expect(new Set(SCENARIOS.map((s) => s.expect)).size).toBe(9);
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: ${scenario.expect === "healthy" ? "no recommendation" : scenario.expect}`, () => {
      const spec = scenarioSpec(scenario);
      const load = scenarioWorkload(scenario);
      const observed = simulate(spec, load, { horizonSeconds: scenario.horizonSeconds, seed: OBSERVED_SEED });
      const recommendations = recommend(observeSimulation(spec, load, observed), {
        ...(scenario.limits ? { limits: scenario.limits } : {}),
      });
      if (scenario.expect === "healthy") {
        expect(recommendations).toEqual([]);
        return;
      }
      expect(recommendations.map((r) => r.ruleId)).toEqual([scenario.expect]);
      const [recommendation] = recommendations;
      if (!recommendation) throw new Error("unreachable");
      expect(recommendation.safety.ok).toBe(true);

      // Apply it (spec change, plus the manual change it names) and measure on another seed.
      const applied = applyChanges(spec, recommendation.changes);
      if (!applied.ok) throw new Error(applied.issues.map((i) => i.message).join("; "));
      const loadAfter = recommendation.workloadChange
        ? applyWorkloadChange(load, recommendation.workloadChange)
        : load;
      const options = { horizonSeconds: scenario.horizonSeconds, seed: MEASURED_SEED };
      const before = simulate(spec, load, options);
      const after = simulate(applied.spec, loadAfter, options);
      const metric = recommendation.expected.metric;
      expect(improvement(metric, before[metric], after[metric])).toBeGreaterThan(0);
      const predicted = recommendation.expected.after - recommendation.expected.before;
      const measured = after[metric] - before[metric];
      expect(Math.abs(measured - predicted)).toBeLessThanOrEqual(0.25 * Math.abs(predicted));
      if (metric === "queueWaitP90") {
        expect(after.queueWaitP90).toBeLessThan(before.queueWaitP90);
      } else {
        // Rules aimed at cost or parsing must not make waits or throughput worse.
        expect(after.throughputPerHour).toBeGreaterThanOrEqual(before.throughputPerHour * 0.99);
        expect(after.queueWaitP90).toBeLessThanOrEqual(before.queueWaitP90 + 60);
      }
    });
  }
});
