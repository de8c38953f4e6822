"use client";

import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { Fragment, useState } from "react";
import { useTRPCClient } from "@/client/trpc.tsx";
import { Button, FormError } from "@/components/forms.tsx";
import { formatUtc } from "@/components/time-format.ts";
import type { AppRouter } from "@/server/trpc/router.ts";
import { type AuditFilterValues, filtersToQuery } from "./filters.ts";

type AuditPage = inferRouterOutputs<AppRouter>["audit"]["list"];
type AuditEvent = AuditPage["events"][number];
type AuditListInput = inferRouterInputs<AppRouter>["audit"]["list"];

const ACTOR_TYPE_LABELS: Record<AuditEvent["actor"]["type"], string> = {
  USER: "Person",
  API_TOKEN: "API token",
  SYSTEM: "Skyport",
};

const th =
  "px-3 py-2.5 text-left text-xs font-semibold whitespace-nowrap tracking-wide text-slate-600 uppercase dark:text-slate-400";
const td = "px-3 py-3 align-top text-sm text-slate-700 dark:text-slate-300";
const filterLink =
  "rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600";

/**
 * The audit events, newest first. The first page comes from the server; "Load more"
 * fetches older pages with the cursor. Selecting an actor or a target filters by it.
 */
export function AuditLogTable({
  basePath,
  query,
  filters,
  initialPage,
}: {
  basePath: string;
  /** The filters as the list procedure takes them (already validated by the server's first page). */
  query: AuditListInput;
  filters: AuditFilterValues;
  initialPage: AuditPage;
}) {
  const client = useTRPCClient();
  const [events, setEvents] = useState(initialPage.events);
  const [cursor, setCursor] = useState(initialPage.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await client.audit.list.query({ ...query, cursor });
      setEvents((current) => [...current, ...page.events]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Could not load more events");
    } finally {
      setLoading(false);
    }
  }

  function toggle(id: string) {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const filterHref = (change: Partial<AuditFilterValues>) =>
    `${basePath}?${filtersToQuery({ ...filters, ...change })}`;

  if (events.length === 0) {
    return (
      <p className="px-5 py-6 text-sm text-slate-600 dark:text-slate-400">
        No audit events match these filters.
      </p>
    );
  }

  return (
    <div>
      <div className="relative overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-800">
          <caption className="sr-only">Audit events, newest first</caption>
          <thead className="bg-slate-50 dark:bg-slate-950/40">
            <tr>
              <th scope="col" className={th}>
                Time (UTC)
              </th>
              <th scope="col" className={th}>
                Actor
              </th>
              <th scope="col" className={th}>
                Action
              </th>
              <th scope="col" className={th}>
                Targets
              </th>
              <th scope="col" className={th}>
                IP · request id
              </th>
              <th scope="col" className={th}>
                <span className="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {events.map((event) => {
              const open = expanded.has(event.id);
              const detailsId = `audit-event-${event.sequence}-details`;
              return (
                <Fragment key={event.id}>
                  <tr>
                    <td className={`${td} whitespace-nowrap`}>
                      <time dateTime={event.occurredAt.toISOString()}>{formatUtc(event.occurredAt)}</time>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        #{event.sequence}
                      </span>
                    </td>
                    <td className={td}>
                      <Link
                        href={filterHref({ actorId: event.actor.id })}
                        className={`${filterLink} block font-medium text-slate-900 dark:text-white`}
                        title="Show only this actor's events"
                      >
                        {event.actor.label}
                      </Link>
                      <span className="block text-xs text-slate-600 dark:text-slate-400">
                        {ACTOR_TYPE_LABELS[event.actor.type]}
                      </span>
                    </td>
                    <td className={td}>
                      <Link
                        href={filterHref({ action: event.action })}
                        className={`${filterLink} font-mono text-xs text-sky-800 dark:text-sky-300`}
                        title="Show only this action"
                      >
                        {event.action}
                      </Link>
                    </td>
                    <td className={td}>
                      <ul className="max-w-xs space-y-0.5 [overflow-wrap:anywhere]">
                        {event.targets.map((target) => (
                          <li key={`${target.type}:${target.id}`}>
                            <Link
                              href={filterHref({ targetType: target.type, targetId: target.id })}
                              className={filterLink}
                              title="Show only events about this target"
                            >
                              <span className="text-xs text-slate-500 dark:text-slate-400">
                                {target.type}
                              </span>{" "}
                              {target.label ?? <span className="font-mono text-xs">{target.id}</span>}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className={`${td} font-mono text-xs`}>
                      <span className="block whitespace-nowrap">
                        <span className="sr-only">IP address </span>
                        {event.context.ip ?? "—"}
                      </span>
                      <span
                        className="block max-w-[9rem] truncate text-slate-500 dark:text-slate-400"
                        title={event.context.requestId ?? ""}
                      >
                        <span className="sr-only">Request id </span>
                        {event.context.requestId ?? "—"}
                      </span>
                    </td>
                    <td className={`${td} text-right`}>
                      <button
                        type="button"
                        onClick={() => toggle(event.id)}
                        aria-expanded={open}
                        aria-controls={detailsId}
                        className="rounded text-sm font-medium whitespace-nowrap text-sky-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:text-sky-400"
                      >
                        {open ? "Hide" : "Details"}
                        <span className="sr-only"> of event {event.sequence}</span>
                      </button>
                    </td>
                  </tr>
                  {open ? (
                    <tr id={detailsId} className="bg-slate-50 dark:bg-slate-950/40">
                      <td colSpan={6} className="px-4 py-3">
                        <dl className="grid gap-3 text-xs sm:grid-cols-[8rem_minmax(0,1fr)]">
                          <dt className="font-semibold text-slate-700 dark:text-slate-300">Metadata</dt>
                          <dd>
                            <pre className="overflow-x-auto rounded-md bg-white p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-800">
                              {JSON.stringify(event.metadata, null, 2)}
                            </pre>
                          </dd>
                          <dt className="font-semibold text-slate-700 dark:text-slate-300">User agent</dt>
                          <dd className="font-mono break-all">{event.context.userAgent ?? "—"}</dd>
                          <dt className="font-semibold text-slate-700 dark:text-slate-300">Actor id</dt>
                          <dd className="font-mono break-all">{event.actor.id}</dd>
                          <dt className="font-semibold text-slate-700 dark:text-slate-300">Hash</dt>
                          <dd className="font-mono break-all">{event.hash}</dd>
                          <dt className="font-semibold text-slate-700 dark:text-slate-300">Previous hash</dt>
                          <dd className="font-mono break-all">{event.previousHash || "— (first event)"}</dd>
                        </dl>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 dark:border-slate-800">
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          Showing {events.length} {events.length === 1 ? "event" : "events"}
          {cursor ? "" : " — that is all of them"}.
        </p>
        {cursor ? (
          <Button variant="secondary" onClick={loadMore} disabled={loading}>
            {loading ? "Loading…" : "Load more"}
          </Button>
        ) : null}
      </div>
      {error ? (
        <div className="px-5 pb-4">
          <FormError message={error} />
        </div>
      ) : null}
    </div>
  );
}
