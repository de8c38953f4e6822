// What became of one notification: delivered (with the receiver's HTTP code), failed (and
// why), or still being sent, with how many attempts it took.
import type { DeliveryView } from "@skyport/domain";
import { StatusBadge } from "@skyport/ui";

export function DeliveryOutcome({ delivery }: { delivery: DeliveryView }) {
  const code = delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : null;
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`;
  switch (delivery.status) {
    case "DELIVERED":
      return (
        <span className="inline-flex flex-wrap items-center gap-2">
          <StatusBadge tone="good">Delivered</StatusBadge>
          {[code, attempts].filter(Boolean).join(" · ")}
        </span>
      );
    case "FAILED":
      return (
        <span className="inline-flex flex-wrap items-center gap-2">
          <StatusBadge tone="bad">Failed</StatusBadge>
          {[code, delivery.lastError, attempts].filter(Boolean).join(" · ")}
        </span>
      );
    case "PENDING":
      return (
        <span className="inline-flex flex-wrap items-center gap-2">
          <StatusBadge tone="neutral">Sending</StatusBadge>
          {delivery.attempts > 0 ? [code, delivery.lastError, attempts].filter(Boolean).join(" · ") : null}
        </span>
      );
    default: {
      const exhaustive: never = delivery.status;
      return exhaustive;
    }
  }
}
