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
      className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="border-b border-slate-200 px-5 py-4 dark:border-slate-800">
        <h2 id="system-status-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          System status
        </h2>
        <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
          Services this installation depends on
        </p>
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
        <dl className="divide-y divide-slate-100 dark:divide-slate-800">
          {rowsFor(health.data).map((row) => (
            <div key={row.name} className="flex items-center justify-between gap-4 px-5 py-3.5">
              <dt className="min-w-0">
                <span className="block text-sm font-medium text-slate-900 dark:text-slate-100">
                  {row.name}
                </span>
                <span className="block text-sm text-slate-600 dark:text-slate-400">{row.detail}</span>
              </dt>
              <dd>
                <StatusBadge tone={row.tone}>{row.label}</StatusBadge>
              </dd>
            </div>
          ))}
          <div className="flex items-center justify-between gap-4 px-5 py-3.5">
            <dt className="text-sm font-medium text-slate-900 dark:text-slate-100">Version</dt>
            <dd className="font-mono text-sm text-slate-700 dark:text-slate-300">{health.data.version}</dd>
          </div>
        </dl>
      ) : health.isError ? null : (
        <div aria-busy="true" className="divide-y divide-slate-100 dark:divide-slate-800">
          <span className="sr-only">Checking system status…</span>
          {["PostgreSQL", "Redis", "Worker", "Version"].map((name) => (
            <div
              key={name}
              className="flex items-center justify-between gap-4 px-5 py-3.5"
              aria-hidden="true"
            >
              <span className="text-sm font-medium text-slate-900 dark:text-slate-100">{name}</span>
              <span className="h-5 w-24 animate-pulse rounded-full bg-slate-100 dark:bg-slate-800" />
            </div>
          ))}
        </div>
      )}

      {health.isError ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 bg-red-50/60 px-5 py-3.5 dark:border-slate-800 dark:bg-red-950/30">
          <p className="text-sm text-red-800 dark:text-red-300">
            {health.data
              ? "The latest check failed; showing the previous result."
              : "The console could not reach the Skyport API."}
          </p>
          <button
            type="button"
            onClick={() => health.refetch()}
            disabled={health.isFetching}
            className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60 dark:bg-slate-800 dark:text-white dark:ring-slate-600 dark:hover:bg-slate-700"
          >
            {health.isFetching ? "Retrying…" : "Try again"}
          </button>
        </div>
      ) : null}

      <p className="border-t border-slate-200 px-5 py-3 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
        {health.dataUpdatedAt > 0
          ? `Checked at ${timeFormat.format(health.dataUpdatedAt)} · refreshes every ${REFRESH_INTERVAL_MS / 1000} seconds`
          : `Refreshes every ${REFRESH_INTERVAL_MS / 1000} seconds`}
      </p>
    </section>
  );
}
