import { EmptyState } from "@skyport/ui";
import type { Metadata } from "next";
import { TelemetryFrame } from "@/components/telemetry/telemetry-frame.tsx";
import { RecommendationCard } from "@/components/tuning/recommendation-card.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Recommendations" };

/** The deployment's tuning recommendations, open ones first. */
export default async function RecommendationsPage(page: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await page.params;
  const caller = await getServerCaller();
  const list = await loadForPage(caller.recommendation.list({ organizationId, deploymentId }));
  const order = ["OPEN", "APPLIED", "SNOOZED", "REVERTED", "DISMISSED", "SUPERSEDED"];
  const items = [...list.items].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
  return (
    <TelemetryFrame
      organizationId={organizationId}
      deploymentId={deploymentId}
      title="Recommendations"
      description="Configuration changes Skyport recommends from this deployment's metrics and runs, each with its evidence, the spec change and the effect the workload simulator predicts."
    >
      {items.length === 0 ? (
        <EmptyState title="No recommendations">
          <p>Recommendations are recomputed every 15 minutes from the runtime's metrics and runs.</p>
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {items.map((recommendation) => (
            <RecommendationCard
              key={recommendation.id}
              organizationId={organizationId}
              recommendation={recommendation}
            />
          ))}
        </div>
      )}
    </TelemetryFrame>
  );
}
