import type { RecommendationView } from "@skyport/domain";
import { DescriptionList, StatusBadge, type StatusTone } from "@skyport/ui";
import { Section } from "@/components/page-header.tsx";
import { MetricChart } from "@/components/telemetry/charts.tsx";
import { RecommendationActions } from "./recommendation-actions.tsx";

const TONES: Record<string, StatusTone> = {
  OPEN: "warning",
  APPLIED: "good",
  DISMISSED: "neutral",
  SNOOZED: "neutral",
  SUPERSEDED: "neutral",
  REVERTED: "bad",
};

function number(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** One recommendation: what is wrong, its evidence charts, the diff, the prediction, before/after. */
export function RecommendationCard({
  organizationId,
  recommendation: r,
}: {
  organizationId: string;
  recommendation: RecommendationView;
}) {
  const end = new Date(r.computedAt).getTime();
  const percent = Math.round(r.prediction.change * 100);
  return (
    <Section id={`recommendation-${r.id}`} title={r.summary} description={`${r.ruleId} · ${r.subject}`}>
      <div className="space-y-4 p-4">
        <div className="flex items-center gap-2">
          <StatusBadge tone={TONES[r.state] ?? "neutral"}>
            {r.state === "APPLIED" && r.outcome ? `APPLIED · ${r.outcome}` : r.state}
          </StatusBadge>
        </div>
        {r.evidence.map((evidence) => (
          <figure key={`${evidence.series}${JSON.stringify(evidence.labels)}`}>
            <figcaption className="text-sm text-fg-muted">
              {evidence.series} {Object.values(evidence.labels).join(" ")}: {evidence.condition} (threshold{" "}
              {number(evidence.threshold)}, observed {number(evidence.observed)}, over{" "}
              {Math.round(evidence.windowSeconds / 60)} min)
            </figcaption>
            <MetricChart
              unit="tasks"
              stepSeconds={60}
              lines={[
                {
                  name: evidence.series,
                  points: evidence.values.map((value, i) => ({
                    at: end - (evidence.values.length - i) * 60_000,
                    value,
                  })),
                },
              ]}
            />
          </figure>
        ))}
        {r.diff.length > 0 ? (
          <pre className="overflow-x-auto rounded bg-surface-sunken p-2 font-mono text-xs">
            {r.diff.join("\n")}
          </pre>
        ) : null}
        <DescriptionList
          items={[
            ...(r.manual ? [{ term: "Outside the spec", detail: r.manual }] : []),
            {
              term: "Predicted effect",
              detail: `${r.prediction.metric} ${number(r.prediction.before)} → ${number(r.prediction.after)} (${percent > 0 ? "+" : ""}${percent}%), simulated`,
            },
            { term: "Risk", detail: r.risk },
            {
              term: "Safety check",
              detail: r.safety.items.map((item) => `${item.ok ? "✓" : "✗"} ${item.detail}`).join("; "),
            },
            { term: "Source", detail: <a href={r.source.url}>{r.source.title}</a> },
            ...(r.measurement
              ? [
                  {
                    term: "Before / after",
                    detail: `queue wait p90 ${number(r.measurement.before.queueWaitP90)} s → ${number(r.measurement.after.queueWaitP90)} s; tasks/h ${number(r.measurement.before.tasksPerHour)} → ${number(r.measurement.after.tasksPerHour)}; worker-hours ${number(r.measurement.before.workerHours)} → ${number(r.measurement.after.workerHours)}`,
                  },
                ]
              : []),
            ...(r.dismissReason ? [{ term: "Dismissed because", detail: r.dismissReason }] : []),
          ]}
        />
        <RecommendationActions
          organizationId={organizationId}
          deploymentId={r.deploymentId}
          recommendationId={r.id}
          state={r.state}
          canApply={r.canApply}
          canRevert={r.canRevert}
          diff={r.diff}
        />
      </div>
    </Section>
  );
}
