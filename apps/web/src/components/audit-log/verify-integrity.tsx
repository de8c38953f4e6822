"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/client/trpc.tsx";
import { Button } from "@/components/forms.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";

/** Recomputes the whole hash chain on demand and says whether it holds, or where it breaks. */
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
        ) : report?.ok ? (
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge tone="good">Chain intact</StatusBadge>
            <span className="text-fg">
              {report.checked} {report.checked === 1 ? "event" : "events"} verified
            </span>
          </span>
        ) : report?.firstBroken ? (
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge tone="bad">{`Broken at event #${report.firstBroken.sequence}`}</StatusBadge>
            <span className="text-danger-fg">
              {report.firstBroken.reason} ({report.checked} events before it verified)
            </span>
          </span>
        ) : null}
      </div>
    </div>
  );
}
