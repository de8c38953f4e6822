"use client";

import type { RunsOverview } from "@skyport/domain";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OTHER_FILL, STATE_FILL, TOOLTIP_CURSOR, TOOLTIP_STYLE } from "./chart-style.ts";
import { formatDuration } from "./run-format.ts";

const STATES = ["SUCCESS", "FAILED", "RUNNING", "ABORTED", "UNKNOWN"] as const;

/** Runs by state per bucket of the range, stacked, oldest first. */
export default function RunsOverviewChart({ overview }: { overview: RunsOverview }) {
  const daily = overview.bucketSeconds >= 86_400;
  const data = overview.buckets.map((bucket) => ({
    label: bucket.at.toISOString().slice(daily ? 5 : 11, daily ? 10 : 16),
    ...bucket.runsByState,
  }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid vertical={false} stroke="var(--color-line)" />
        <XAxis dataKey="label" stroke="var(--color-fg-muted)" fontSize={11} minTickGap={24} />
        <YAxis allowDecimals={false} stroke="var(--color-fg-muted)" fontSize={11} width={40} />
        <Tooltip cursor={TOOLTIP_CURSOR} contentStyle={TOOLTIP_STYLE} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {STATES.map((state) => (
          <Bar
            key={state}
            dataKey={state}
            name={state.toLowerCase()}
            stackId="runs"
            fill={STATE_FILL[state] ?? OTHER_FILL}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Each DAG's finished runs' duration p50 and p90, slowest first. */
export function DagPercentilesChart({ durations }: { durations: RunsOverview["durations"] }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, durations.length * 36 + 48)}>
      <BarChart data={[...durations]} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid horizontal={false} stroke="var(--color-line)" />
        <XAxis
          type="number"
          tickFormatter={(ms: number) => formatDuration(ms)}
          stroke="var(--color-fg-muted)"
          fontSize={11}
        />
        <YAxis type="category" dataKey="dagId" stroke="var(--color-fg-muted)" fontSize={11} width={140} />
        <Tooltip
          cursor={TOOLTIP_CURSOR}
          contentStyle={TOOLTIP_STYLE}
          formatter={(value) => formatDuration(Number(value))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="p50Ms" name="p50" fill="var(--color-success-fg)" isAnimationActive={false} />
        <Bar dataKey="p90Ms" name="p90" fill="var(--color-warning-fg)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
