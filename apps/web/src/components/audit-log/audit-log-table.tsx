"use client";

import { DescriptionList, Table, TBody, Td, THead, Th, Tr } from "@skyport/ui";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { Fragment, useState } from "react";
import { useTRPCClient } from "@/client/trpc.tsx";
import { Button, FormError } from "@/components/forms.tsx";
import { Moment } from "@/components/moment.tsx";
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

const mono = "font-mono break-all";
const filterLink =
  "rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

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
    return <p className="px-5 py-6 text-sm text-fg-muted">No audit events match these filters.</p>;
  }

  return (
    <div>
      <Table dense>
        <caption className="sr-only">Audit events, newest first</caption>
        <THead>
          <Tr>
            {["Time (UTC)", "Actor", "Action", "Targets", "IP · request id"].map((column) => (
              <Th key={column}>{column}</Th>
            ))}
            <Th>
              <span className="sr-only">Details</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {events.map((event) => {
            const open = expanded.has(event.id);
            const detailsId = `audit-event-${event.sequence}-details`;
            return (
              <Fragment key={event.id}>
                <Tr>
                  <Td label="Time (UTC)" className="whitespace-nowrap">
                    <Moment at={event.occurredAt} />
                    <span className="block text-xs text-fg-subtle">#{event.sequence}</span>
                  </Td>
                  <Td label="Actor">
                    <Link
                      href={filterHref({ actorId: event.actor.id })}
                      className={`${filterLink} block font-medium wrap-break-word`}
                      title="Show only this actor's events"
                    >
                      {event.actor.label}
                    </Link>
                    <span className="block text-xs text-fg-muted">{ACTOR_TYPE_LABELS[event.actor.type]}</span>
                  </Td>
                  <Td label="Action">
                    <Link
                      href={filterHref({ action: event.action })}
                      className={`${filterLink} font-mono text-xs whitespace-nowrap text-link`}
                      title="Show only this action"
                    >
                      {event.action}
                    </Link>
                  </Td>
                  <Td label="Targets">
                    <ul className="space-y-0.5 wrap-anywhere sm:max-w-xs">
                      {event.targets.map((target) => (
                        <li key={`${target.type}:${target.id}`}>
                          <Link
                            href={filterHref({ targetType: target.type, targetId: target.id })}
                            className={filterLink}
                            title="Show only events about this target"
                          >
                            <span className="text-xs text-fg-subtle">{target.type}</span>{" "}
                            {target.label ?? <span className="font-mono text-xs">{target.id}</span>}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </Td>
                  <Td label="IP · request id" className="font-mono text-xs">
                    <span className="block whitespace-nowrap">
                      <span className="sr-only">IP address </span>
                      {event.context.ip ?? "—"}
                    </span>
                    <span
                      className="block max-w-[9rem] truncate text-fg-subtle"
                      title={event.context.requestId ?? ""}
                    >
                      <span className="sr-only">Request id </span>
                      {event.context.requestId ?? "—"}
                    </span>
                  </Td>
                  <Td className="sm:text-right">
                    <button
                      type="button"
                      onClick={() => toggle(event.id)}
                      aria-expanded={open}
                      aria-controls={detailsId}
                      className="rounded text-sm font-medium whitespace-nowrap text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
                    >
                      {open ? "Hide" : "Details"}
                      <span className="sr-only"> of event {event.sequence}</span>
                    </button>
                  </Td>
                </Tr>
                {open ? (
                  <Tr id={detailsId} className="bg-surface-muted">
                    <Td colSpan={6}>
                      <DescriptionList
                        className="text-xs"
                        items={[
                          {
                            term: "Metadata",
                            detail: (
                              <pre className="overflow-x-auto rounded-md bg-surface p-3 font-mono text-xs text-fg ring-1 ring-line">
                                {JSON.stringify(event.metadata, null, 2)}
                              </pre>
                            ),
                          },
                          { term: "User agent", detail: event.context.userAgent ?? "—", className: mono },
                          { term: "Actor id", detail: event.actor.id, className: mono },
                          { term: "Hash", detail: event.hash, className: mono },
                          {
                            term: "Previous hash",
                            detail: event.previousHash || "— (first event)",
                            className: mono,
                          },
                        ]}
                      />
                    </Td>
                  </Tr>
                ) : null}
              </Fragment>
            );
          })}
        </TBody>
      </Table>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-line px-5 py-3">
        <p className="text-sm text-fg-muted" aria-live="polite">
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
