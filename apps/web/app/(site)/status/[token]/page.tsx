import type { CheckStatus, PublicStatusView } from "@skyport/domain";
import { DomainError } from "@skyport/domain";
import { Card, StatusBadge, type StatusTone } from "@skyport/ui";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { readPublicStatus } from "@/server/reports/public-status.ts";
import { getServices } from "@/server/services.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Status", referrer: "no-referrer", robots: { index: false } };

const TONES: Record<CheckStatus, StatusTone> = {
  PASSED: "good",
  WARNING: "warning",
  STALE: "warning",
  FAILED: "bad",
  UNKNOWN: "neutral",
};
const BAR_COLOURS: Record<CheckStatus, string> = {
  PASSED: "bg-emerald-500",
  WARNING: "bg-amber-400",
  STALE: "bg-orange-500",
  FAILED: "bg-red-600",
  UNKNOWN: "bg-slate-400",
};

/** A report's public status page (Statuspage conventions: status, checks, 90 daily bars). */
export default async function StatusPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let view: PublicStatusView;
  try {
    view = await readPublicStatus(getServices(), await headers(), token);
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <div className="mx-auto max-w-3xl space-y-6 px-4 py-10">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold text-fg">{view.title}</h1>
        {view.description ? <p className="text-fg-muted">{view.description}</p> : null}
        <div className="flex items-center gap-3">
          <StatusBadge tone={TONES[view.status]}>{view.statusLabel}</StatusBadge>
          <span className="text-sm text-fg-muted">
            Last updated{" "}
            {view.lastUpdated
              ? view.lastUpdated.toISOString().replace("T", " ").slice(0, 16) + " UTC"
              : "never"}
          </span>
        </div>
      </header>
      <Card id="checks" title="Checks">
        <ul className="divide-y divide-line">
          {view.checks.map((check) => (
            <li
              key={`${check.kind}-${check.label}`}
              className="flex items-start justify-between gap-4 px-5 py-3"
            >
              <div>
                <p className="font-medium text-fg">{check.label}</p>
                <p className="text-sm text-fg-muted">{check.summary}</p>
              </div>
              <StatusBadge tone={TONES[check.status]}>
                {check.status.charAt(0) + check.status.slice(1).toLowerCase()}
              </StatusBadge>
            </li>
          ))}
        </ul>
      </Card>
      <Card id="history" title="Last 90 days">
        <ol className="flex h-8 items-stretch gap-px" aria-label="Daily status, oldest first">
          {view.history.map((day) => (
            <li
              key={day.date}
              title={`${day.date}: ${day.status ? day.status.toLowerCase() : "no runs"}`}
              className={`flex-1 rounded-sm ${day.status ? BAR_COLOURS[day.status] : "bg-slate-200"}`}
            />
          ))}
        </ol>
      </Card>
    </div>
  );
}
