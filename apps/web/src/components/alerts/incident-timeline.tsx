// An incident's story in time order: opened, each notification attempt (channel, outcome,
// HTTP code, error), and resolved. Attempts come from the delivery log; a delivery not yet
// tried shows as queued.
import type { IncidentTimelineView } from "@skyport/domain";
import { Card, StatusBadge, type StatusTone } from "@skyport/ui";
import { Moment } from "@/components/moment.tsx";
import { DeliveryOutcome } from "./delivery-outcome.tsx";

interface Entry {
  at: Date;
  key: string;
  title: string;
  tone: StatusTone;
  detail: string | null;
}

const EVENT_WORDS = {
  TRIGGER: "Notification",
  RESOLVE: "Resolve notice",
  TEST: "Test notification",
} as const;

export function timelineEntries({ incident, deliveries }: IncidentTimelineView): Entry[] {
  const entries: Entry[] = [
    {
      at: incident.openedAt,
      key: "opened",
      title: incident.muted ? "Opened while the rule was muted (nobody notified)" : "Opened",
      tone:
        incident.severity === "CRITICAL" ? "bad" : incident.severity === "WARNING" ? "warning" : "neutral",
      detail:
        [
          incident.dagId && `DAG ${incident.dagId}`,
          incident.taskId && `task ${incident.taskId}`,
          incident.runId && `run ${incident.runId}`,
        ]
          .filter(Boolean)
          .join(" · ") || null,
    },
  ];
  for (const delivery of deliveries) {
    const what = `${EVENT_WORDS[delivery.event]} to ${delivery.channelName} (${delivery.channelKind})`;
    if (delivery.attemptLog.length === 0) {
      entries.push({
        at: delivery.createdAt,
        key: delivery.id,
        title: `${what}: queued`,
        tone: "neutral",
        detail: null,
      });
    }
    for (const attempt of delivery.attemptLog) {
      // E-mail has no HTTP code: an attempt without an error and without a failing code went through.
      const ok = attempt.error === null && (attempt.statusCode === null || attempt.statusCode < 300);
      entries.push({
        at: attempt.at,
        key: `${delivery.id}-${attempt.number}`,
        title: `${what}: attempt ${attempt.number} ${ok ? "delivered" : "failed"}`,
        tone: ok ? "good" : "bad",
        detail:
          [
            attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : null,
            attempt.error,
            attempt.retryAfterMs !== null && !ok
              ? `retry after ${Math.round(attempt.retryAfterMs / 1000)} s`
              : null,
          ]
            .filter(Boolean)
            .join(" · ") || null,
      });
    }
  }
  if (incident.resolvedAt) {
    entries.push({
      at: incident.resolvedAt,
      key: "resolved",
      title: "Resolved",
      tone: "good",
      detail: incident.resolveReason,
    });
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function IncidentTimeline({ timeline }: { timeline: IncidentTimelineView }) {
  const entries = timelineEntries(timeline);
  return (
    <div className="space-y-6">
      <Card id="incident-timeline" title="Timeline">
        <ol className="space-y-4 px-5 py-4" aria-label="Incident timeline">
          {entries.map((entry) => (
            <li key={entry.key} className="border-l-2 border-line pl-4">
              <p className="text-xs text-fg-muted">
                <Moment at={entry.at} />
              </p>
              <p className="mt-0.5 flex flex-wrap items-center gap-2 text-sm font-medium wrap-anywhere text-fg">
                <StatusBadge tone={entry.tone}>
                  {entry.tone === "good"
                    ? "ok"
                    : entry.key === "opened"
                      ? timeline.incident.severity
                      : entry.tone === "bad"
                        ? "error"
                        : "info"}
                </StatusBadge>
                {entry.title}
              </p>
              {entry.detail ? (
                <p className="mt-0.5 text-sm wrap-anywhere text-fg-muted">{entry.detail}</p>
              ) : null}
            </li>
          ))}
        </ol>
      </Card>
      <Card id="incident-deliveries" title="Notifications">
        {timeline.deliveries.length === 0 ? (
          <p className="px-5 py-4 text-sm text-fg-muted">No channel was notified for this incident.</p>
        ) : (
          <ul className="space-y-2 px-5 py-4">
            {timeline.deliveries.map((delivery) => (
              <li key={delivery.id} className="text-sm">
                <span className="font-medium">
                  {EVENT_WORDS[delivery.event]} to {delivery.channelName}
                </span>
                : <DeliveryOutcome delivery={delivery} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
