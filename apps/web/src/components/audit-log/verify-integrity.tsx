"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/client/trpc.tsx";
import { Button } from "@/components/forms.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";

interface Anchoring {
  status: "NOT_CONFIGURED" | "NO_CHECKPOINT_YET" | "ANCHORED";
  checkpoints: number;
  latest: { sequence: number; checkpointedAt: string } | null;
}

function anchoringText(anchoring: Anchoring): string {
  if (anchoring.status === "NOT_CONFIGURED") {
    return "Not anchored: without a signing key (SKYPORT_AUDIT_SIGNING_KEY) deleting the newest events cannot be detected.";
  }
  if (!anchoring.latest) return "Anchoring is on; the first signed checkpoint is written within minutes.";
  return `Anchored by ${anchoring.checkpoints} signed ${anchoring.checkpoints === 1 ? "checkpoint" : "checkpoints"} kept outside the database; the latest covers event #${anchoring.latest.sequence} (${new Date(anchoring.latest.checkpointedAt).toLocaleString()}).`;
}

/**
 * Recomputes the whole hash chain on demand, checks it against the signed checkpoints, and says
 * whether it holds, or where it breaks.
 */
export function VerifyIntegrity({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const verify = useQuery({
    ...trpc.audit.verify.queryOptions({ organizationId }),
    enabled: false,
    retry: false,
    staleTime: 0,
  });
  const report = verify.data;

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={() => verify.refetch()} disabled={verify.isFetching}>
        {verify.isFetching ? "Verifying…" : "Verify integrity"}
      </Button>
      <div role="status" aria-live="polite" className="text-sm">
        {verify.isFetching ? null : verify.isError ? (
          <StatusBadge tone="bad">{`Could not verify: ${verify.error.message}`}</StatusBadge>
        ) : report ? (
          <span className="flex flex-col gap-1">
            {report.ok ? (
              <span className="flex flex-wrap items-center gap-2">
                <StatusBadge tone="good">Chain intact</StatusBadge>
                <span className="text-fg">
                  {report.checked} {report.checked === 1 ? "event" : "events"} verified
                </span>
              </span>
            ) : report.firstBroken ? (
              <span className="flex flex-wrap items-center gap-2">
                <StatusBadge tone="bad">{`Broken at event #${report.firstBroken.sequence}`}</StatusBadge>
                <span className="text-danger-fg">
                  {report.firstBroken.reason} ({report.checked} events before it verified)
                </span>
              </span>
            ) : (
              <StatusBadge tone="bad">Checkpoint tampered with</StatusBadge>
            )}
            <span className="text-fg-muted">{anchoringText(report.anchoring)}</span>
            {report.anchoring.rejected.map((rejected) => (
              <span key={rejected.key} className="text-danger-fg">
                {rejected.reason}
              </span>
            ))}
          </span>
        ) : null}
      </div>
    </div>
  );
}
