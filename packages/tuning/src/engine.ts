// The recommendation engine: runs every rule over an observation, and for each finding takes
// the first proposal that passes the safety check and that the simulator predicts to help
// (≥10% on the rule's metric). Each recommendation carries its evidence, the exact spec diff,
// the predicted effect (simulated before and after on the same workload and seed), the risk and
// the safety check.
import type { DeploymentSpec } from "@skyport/deployment-spec";
import { applyChanges, renderDiff, type SpecChange } from "./changes.ts";
import { type Observation, windowSeconds } from "./observation.ts";
import { type EffectMetric, type Evidence, RULES, type RuleDefinition, type RuleId } from "./rules.ts";
import { type ComputeLimits, type PlanBounds, type SafetyCheck, safetyCheck } from "./safety.ts";
import { type SimulationOptions, type SimulationResult, simulate } from "./simulator.ts";
import { applyWorkloadChange, type Workload, type WorkloadChange } from "./workload.ts";

export interface PredictedEffect {
  readonly metric: EffectMetric;
  readonly before: number;
  readonly after: number;
  /** (after − before) / before: negative is an improvement for waits, hours and parse time. */
  readonly change: number;
  readonly queueWaitP90: { readonly before: number; readonly after: number };
  readonly throughputPerHour: { readonly before: number; readonly after: number };
  readonly workerHours: { readonly before: number; readonly after: number };
  /** Worker-hours saved per day (idle capacity), and their price when one is known. */
  readonly workerHoursSavedPerDay?: number;
  readonly costSavedPerDay?: number;
  readonly horizonSeconds: number;
}

export interface Recommendation {
  readonly ruleId: RuleId;
  readonly subject: string;
  /** What is wrong, in one sentence. */
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly changes: readonly SpecChange[];
  readonly diff: readonly string[];
  readonly manual?: string;
  readonly workloadChange?: WorkloadChange;
  readonly expected: PredictedEffect;
  readonly risk: string;
  readonly safety: SafetyCheck;
  readonly source: RuleDefinition["source"];
}

export interface EngineOptions {
  /** The deployment's compute quota, when its plan sets one. */
  readonly limits?: ComputeLimits;
  /** What the organization's plan allows (workers per queue, scheduler sizes, high availability). */
  readonly plan?: PlanBounds;
  /** Price of one worker-hour, to state idle capacity's saving. */
  readonly workerHourPrice?: number;
  readonly simulation?: Partial<SimulationOptions>;
  /**
   * Judge observations shorter than a rule's own window (down to this many seconds): an
   * on-demand recompute of a young deployment, or an acceptance test with minutes of real runs.
   * The thresholds stay the same. Absent: every rule's own window.
   */
  readonly shortestWindowSeconds?: number;
}

/** Smallest predicted improvement worth recommending. */
export const MIN_IMPROVEMENT = 0.1;

const LOWER_IS_BETTER: Record<EffectMetric, boolean> = {
  queueWaitP90: true,
  throughputPerHour: false,
  workerHours: true,
  totalParseSeconds: true,
};

export function metricValue(result: SimulationResult, metric: EffectMetric): number {
  return result[metric];
}

/** Relative improvement (positive = better) of `after` over `before` on `metric`. */
export function improvement(metric: EffectMetric, before: number, after: number): number {
  if (before === 0) return after === 0 ? 0 : LOWER_IS_BETTER[metric] ? -1 : 1;
  const change = (after - before) / before;
  return LOWER_IS_BETTER[metric] ? -change : change;
}

export function predictEffect(
  metric: EffectMetric,
  before: { spec: DeploymentSpec; workload: Workload },
  after: { spec: DeploymentSpec; workload: Workload },
  simulation: Partial<SimulationOptions>,
  workerHourPrice?: number,
): PredictedEffect {
  const a = simulate(before.spec, before.workload, simulation);
  const b = simulate(after.spec, after.workload, simulation);
  const horizon = simulation.horizonSeconds ?? 6 * 3600;
  const beforeValue = metricValue(a, metric);
  const afterValue = metricValue(b, metric);
  const savedPerDay =
    metric === "workerHours" ? ((a.workerHours - b.workerHours) * 86_400) / horizon : undefined;
  return {
    metric,
    before: beforeValue,
    after: afterValue,
    change: beforeValue === 0 ? 0 : (afterValue - beforeValue) / beforeValue,
    queueWaitP90: { before: a.queueWaitP90, after: b.queueWaitP90 },
    throughputPerHour: { before: a.throughputPerHour, after: b.throughputPerHour },
    workerHours: { before: a.workerHours, after: b.workerHours },
    ...(savedPerDay !== undefined ? { workerHoursSavedPerDay: savedPerDay } : {}),
    ...(savedPerDay !== undefined && workerHourPrice !== undefined
      ? { costSavedPerDay: savedPerDay * workerHourPrice }
      : {}),
    horizonSeconds: horizon,
  };
}

/** The simulation window: the observation's own length, between 1 and 24 hours. */
function simulationFor(observation: Observation, options: EngineOptions): Partial<SimulationOptions> {
  const horizonSeconds = Math.min(86_400, Math.max(3600, windowSeconds(observation)));
  return { horizonSeconds, seed: 1, ...options.simulation };
}

export function recommend(observation: Observation, options: EngineOptions = {}): Recommendation[] {
  const simulation = simulationFor(observation, options);
  const window = windowSeconds(observation);
  const found: Recommendation[] = [];
  for (const rule of RULES) {
    if (window < Math.min(rule.windowSeconds, options.shortestWindowSeconds ?? rule.windowSeconds)) continue;
    for (const finding of rule.detect(observation)) {
      for (const proposal of finding.proposals) {
        const safety = safetyCheck(observation.spec, proposal.changes, options.limits, options.plan);
        if (!safety.ok) continue;
        const applied = applyChanges(observation.spec, proposal.changes);
        if (!applied.ok) continue;
        const afterWorkload = proposal.workloadChange
          ? applyWorkloadChange(observation.workload, proposal.workloadChange)
          : observation.workload;
        const expected = predictEffect(
          rule.metric,
          { spec: observation.spec, workload: observation.workload },
          { spec: applied.spec, workload: afterWorkload },
          simulation,
          options.workerHourPrice,
        );
        if (improvement(rule.metric, expected.before, expected.after) < MIN_IMPROVEMENT) continue;
        found.push({
          ruleId: rule.id,
          subject: finding.subject,
          summary: finding.summary,
          evidence: finding.evidence,
          changes: proposal.changes,
          diff: renderDiff(proposal.changes),
          ...(proposal.manual ? { manual: proposal.manual } : {}),
          ...(proposal.workloadChange ? { workloadChange: proposal.workloadChange } : {}),
          expected,
          risk: proposal.risk,
          safety,
          source: rule.source,
        });
        break;
      }
    }
  }
  // A more specific finding on the same subject replaces the general one.
  return found.filter(
    (recommendation) =>
      !found.some(
        (other) =>
          other !== recommendation &&
          other.subject === recommendation.subject &&
          RULES.find((rule) => rule.id === other.ruleId)?.supersedes.includes(recommendation.ruleId),
      ),
  );
}
