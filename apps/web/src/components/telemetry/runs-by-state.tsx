import type { RunsByState } from "@skyport/domain";
import Link from "next/link";
import { runStateText } from "./run-format.ts";
import { RunStateBadge } from "./run-state-badge.tsx";

/** Run counts per state (states with none left out); with `href`, each count links to the runs it counts. */
export function RunsByStateList({ counts, href }: { counts: RunsByState; href?: (state: string) => string }) {
  const entries = Object.entries(counts).filter(([, count]) => count > 0);
  return (
    <ul className="flex flex-wrap gap-3 px-5 py-4" aria-label="Runs by state">
      {entries.map(([state, count]) => {
        const body = (
          <>
            <span className="text-2xl font-semibold text-fg tabular-nums">{count}</span>
            <RunStateBadge state={state} />
          </>
        );
        return (
          <li key={state}>
            {href ? (
              <Link
                href={href(state)}
                className="flex items-center gap-2 rounded-lg px-3 py-2 ring-1 ring-line hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
                aria-label={`${count} ${runStateText(state).label.toLowerCase()}`}
              >
                {body}
              </Link>
            ) : (
              <span className="flex items-center gap-2 rounded-lg px-3 py-2 ring-1 ring-line">{body}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
