"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page's server components every few seconds while `active`: deployment
 * statuses change by themselves as the provisioner works. Form drafts survive a refresh.
 */
export function AutoRefresh({ active, intervalMs = 4_000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  if (!active) return null;
  return (
    <p className="text-xs text-fg-subtle">
      Checking for changes every {Math.round(intervalMs / 1000)} seconds while the provisioner works.
    </p>
  );
}
