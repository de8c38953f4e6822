"use client";

import { Button } from "@skyport/ui";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";

const FOLLOW_INTERVAL_MS = 2_000;
/** The viewer keeps at most this many lines (the oldest go first). */
const KEPT_LINES = 5_000;

/**
 * A component's log: the tail the page loaded, then, while following, what the component writes
 * next (polled with the cursor of the previous answer).
 */
export function LogViewer({
  organizationId,
  deploymentId,
  component,
  initialLines,
  initialCursor,
}: {
  organizationId: string;
  deploymentId: string;
  component: string;
  initialLines: string[];
  initialCursor: number;
}) {
  const trpc = useTRPC();
  const [lines, setLines] = useState(initialLines);
  const [cursor, setCursor] = useState(initialCursor);
  const [following, setFollowing] = useState(false);
  const bottom = useRef<HTMLSpanElement>(null);
  const next = useQuery(
    trpc.deployment.logs.queryOptions(
      { organizationId, deploymentId, component, since: cursor, lines: 1000 },
      { enabled: following, refetchInterval: FOLLOW_INTERVAL_MS, refetchIntervalInBackground: false },
    ),
  );
  useEffect(() => {
    const answer = next.data;
    if (!following || !answer || answer.cursor === cursor) return;
    setLines((previous) => (answer.reset ? answer.lines : [...previous, ...answer.lines]).slice(-KEPT_LINES));
    setCursor(answer.cursor);
  }, [next.data, following, cursor]);
  useEffect(() => {
    if (following && lines.length > 0) bottom.current?.scrollIntoView({ block: "end" });
  }, [lines, following]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant={following ? "primary" : "secondary"}
          aria-pressed={following}
          onClick={() => setFollowing((value) => !value)}
        >
          {following ? "Following — stop" : "Follow"}
        </Button>
        <p className="text-sm text-fg-muted" aria-live="polite">
          {following
            ? `New lines appear every ${FOLLOW_INTERVAL_MS / 1000} s.`
            : `${lines.length} line${lines.length === 1 ? "" : "s"}.`}
          {next.error ? ` Could not read the log: ${next.error.message}` : ""}
        </p>
      </div>
      <pre
        role="log"
        aria-label={`${component} log`}
        className="max-h-[70vh] overflow-auto rounded-md bg-surface-muted ring-1 ring-line p-3 font-mono text-xs leading-5 whitespace-pre-wrap wrap-anywhere text-fg"
      >
        {lines.length ? lines.join("\n") : `${component} has written nothing yet.`}
        <span ref={bottom} />
      </pre>
    </div>
  );
}
