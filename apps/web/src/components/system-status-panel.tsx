"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/client/trpc.tsx";
import type { AppRouter } from "@/server/trpc/router.ts";
import { StatusBadge, type StatusTone } from "./status-badge.tsx";

type SystemHealth = inferRouterOutputs<AppRouter>["system"]["health"];

const REFRESH_INTERVAL_MS = 10_000;

interface Row {
  name: string;
  detail: string;
  tone: StatusTone;
  label: string;
}

function dependencyRow(name: string, detail: string, state: SystemHealth["db"]): Row {
  switch (state) {
    case "ok":
      return { name, detail, tone: "good", label: "Connected" };
    case "unreachable":
      return { name, detail, tone: "bad", label: "Unreachable" };
    default: {
      const unhandled: never = state;
      throw new Error(`unknown dependency state: ${String(unhandled)}`);
    }
  }
}

function workerRow(state: SystemHealth["worker"]): Row {
  const detail = "Runs background jobs";
  switch (state) {
    case "ok":
      return { name: "Worker", detail, tone: "good", label: "Running" };
    case "stale":
      return { name: "Worker", detail, tone: "warning", label: "Not responding" };
    case "unknown":
      return { name: "Worker", detail, tone: "neutral", label: "No heartbeat" };
    default: {
      const unhandled: never = state;
      throw new Error(`unknown worker state: ${String(unhandled)}`);
    }
  }
}

function rowsFor(health: SystemHealth): Row[] {
  return [
    dependencyRow("PostgreSQL", "Console and audit data", health.db),
    dependencyRow("Redis", "Background job queues", health.redis),
    workerRow(health.worker),
  ];
}

function summaryOf(health: SystemHealth): { tone: StatusTone; text: string } {
  if (health.status === "error") return { tone: "bad", text: "Degraded" };
  if (health.worker !== "ok") return { tone: "warning", text: "Operational · worker not reporting" };
  return { tone: "good", text: "All systems operational" };
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Live view of /api/health through tRPC, refreshed every ten seconds. */
export function SystemStatusPanel() {
  const trpc = useTRPC();
  const health = useQuery(
    trpc.system.health.queryOptions(undefined, {
      refetchInterval: REFRESH_INTERVAL_MS,
      refetchIntervalInBackground: false,
    }),
  );
  const summary = health.data ? summaryOf(health.data) : null;

  return (
    <section
      aria-labelledby="system-status-heading"
      className="rounded-xl border border-line bg-surface shadow-sm"
    >
      <div className="border-b border-line px-5 py-4">
        <h2 id="system-status-heading" className="text-base font-semibold text-fg">
          System status
        </h2>
        <p className="mt-0.5 text-sm text-fg-muted">Services this installation depends on</p>
        <div role="status" aria-live="polite" className="mt-3">
          {summary ? (
            <StatusBadge tone={summary.tone}>{summary.text}</StatusBadge>
          ) : health.isError ? (
            <StatusBadge tone="bad">Status unavailable</StatusBadge>
          ) : (
            <StatusBadge tone="neutral">Checking…</StatusBadge>
          )}
        </div>
      </div>

      {health.data ? (
        <dl className="divide-y divide-line">
          {rowsFor(health.data).map((row) => (
            <div key={row.name} className="flex items-center justify-between gap-4 px-5 py-3.5">
              <dt className="min-w-0">
                <span className="block text-sm font-medium text-fg">{row.name}</span>
                <span className="block text-sm text-fg-muted">{row.detail}</span>
              </dt>
              <dd>
                <StatusBadge tone={row.tone}>{row.label}</StatusBadge>
              </dd>
            </div>
          ))}
          <div className="flex items-center justify-between gap-4 px-5 py-3.5">
            <dt className="text-sm font-medium text-fg">Version</dt>
            <dd className="font-mono text-sm text-fg">{health.data.version}</dd>
          </div>
        </dl>
      ) : health.isError ? null : (
        <div aria-busy="true" className="divide-y divide-line">
          <span className="sr-only">Checking system status…</span>
          {["PostgreSQL", "Redis", "Worker", "Version"].map((name) => (
            <div
              key={name}
              className="flex items-center justify-between gap-4 px-5 py-3.5"
              aria-hidden="true"
            >
              <span className="text-sm font-medium text-fg">{name}</span>
              <span className="h-5 w-24 animate-pulse rounded-full bg-surface-raised" />
            </div>
          ))}
        </div>
      )}

      {health.isError ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-line bg-danger-soft px-5 py-3.5">
          <p className="text-sm text-danger-fg">
            {health.data
              ? "The latest check failed; showing the previous result."
              : "The console could not reach the Skyport API."}
          </p>
          <button
            type="button"
            onClick={() => health.refetch()}
            disabled={health.isFetching}
            className="rounded-md bg-surface px-3 py-1.5 text-sm font-medium text-fg shadow-sm ring-1 ring-line-strong ring-inset hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60"
          >
            {health.isFetching ? "Retrying…" : "Try again"}
          </button>
        </div>
      ) : null}

      <p className="border-t border-line px-5 py-3 text-xs text-fg-muted">
        {health.dataUpdatedAt > 0
          ? `Checked at ${timeFormat.format(health.dataUpdatedAt)} · refreshes every ${REFRESH_INTERVAL_MS / 1000} seconds`
          : `Refreshes every ${REFRESH_INTERVAL_MS / 1000} seconds`}
      </p>
    </section>
  );
}
