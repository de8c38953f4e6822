// @vitest-environment happy-dom
// The Recommendations tab's card: what is wrong, the evidence with its threshold and window, the
// spec diff, the predicted effect, and the actions the recommendation's state allows.
import type { RecommendationView } from "@skyport/domain";
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { RecommendationCard } from "@/components/tuning/recommendation-card.tsx";
import { renderInConsole } from "./support/render.tsx";

afterEach(cleanup);

const OPEN: RecommendationView = {
  id: "rec1",
  deploymentId: "d1",
  ruleId: "parallelism-below-worker-capacity",
  subject: "deployment",
  state: "OPEN",
  summary:
    "Tasks wait for executor slots: parallelism allows 8 tasks at once while the worker queues can run 80.",
  evidence: [
    {
      series: "executor_open_slots",
      labels: {},
      values: [0, 0, 0, 2],
      condition: "no open executor slot while tasks are executable",
      threshold: 0,
      observed: 0.75,
      required: 0.25,
      windowSeconds: 21_600,
    },
  ],
  changes: [{ kind: "setting", section: "core", key: "parallelism", from: "8", to: "80" }],
  diff: ["- airflowConfigOverrides core.parallelism: 8", "+ airflowConfigOverrides core.parallelism: 80"],
  manual: null,
  prediction: {
    metric: "queueWaitP90",
    before: 2340,
    after: 65,
    change: -0.972,
    queueWaitP90: { before: 2340, after: 65 },
    throughputPerHour: { before: 192, after: 216 },
    workerHours: { before: 6, after: 12 },
    horizonSeconds: 21_600,
  },
  risk: "More tasks run at once.",
  safety: {
    ok: true,
    items: [{ check: "spec-valid", ok: true, detail: "the changed spec passes the validator" }],
  },
  source: { title: "gcpdiag composer BP/2023_002", url: "https://gcpdiag.dev/rules/composer/BP/2023_002/" },
  specGeneration: 3,
  computedAt: new Date("2026-12-05T06:00:00Z"),
  dismissReason: null,
  snoozedUntil: null,
  appliedAt: null,
  appliedGeneration: null,
  measurement: null,
  outcome: null,
  revertedAt: null,
  canApply: true,
  canRevert: false,
};

describe("RecommendationCard", () => {
  it("shows the finding, its evidence, the diff and the predicted effect, with apply offered", () => {
    renderInConsole(<RecommendationCard organizationId="o1" recommendation={OPEN} />);
    expect(screen.getByText(OPEN.summary)).toBeTruthy();
    expect(
      screen.getByText(
        /no open executor slot while tasks are executable \(threshold 0, observed 0\.8, over 360 min\)/,
      ),
    ).toBeTruthy();
    // On the card, and again in the apply confirmation.
    expect(screen.getAllByText(/\+ airflowConfigOverrides core.parallelism: 80/)).toHaveLength(2);
    expect(screen.getByText("queueWaitP90 2340 → 65 (-97%), simulated")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Apply" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Revert" })).toBeNull();
  });

  it("offers a revert for an applied recommendation that regressed, with before and after", () => {
    const applied: RecommendationView = {
      ...OPEN,
      state: "APPLIED",
      outcome: "REGRESSED",
      canApply: false,
      canRevert: true,
      measurement: {
        before: {
          from: new Date(0),
          to: new Date(1),
          queueWaitP50: 10,
          queueWaitP90: 60,
          tasksPerHour: 100,
          openSlotsMean: 2,
          workerHours: 6,
        },
        after: {
          from: new Date(1),
          to: new Date(2),
          queueWaitP50: 20,
          queueWaitP90: 90,
          tasksPerHour: 90,
          openSlotsMean: 1,
          workerHours: 7,
        },
      },
    };
    renderInConsole(<RecommendationCard organizationId="o1" recommendation={applied} />);
    expect(screen.getByText("APPLIED · REGRESSED")).toBeTruthy();
    expect(screen.getByText(/queue wait p90 60 s → 90 s/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Revert" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Apply" })).toBeNull();
  });
});
