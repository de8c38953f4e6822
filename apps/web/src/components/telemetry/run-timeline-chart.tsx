"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDuration } from "./run-format.ts";
import type { TimelineBar } from "./timeline.ts";

const STATE_FILL: Record<string, string> = {
  SUCCESS: "var(--color-success-fg)",
  FAILED: "var(--color-danger)",
  UPSTREAM_FAILED: "var(--color-danger)",
  ABORTED: "var(--color-danger)",
  RUNNING: "var(--color-warning-fg)",
};

/** Each task try as a bar from its start to its end, on the run's clock (seconds since the first start). */
export default function RunTimelineChart({ bars }: { bars: readonly TimelineBar[] }) {
  const height = Math.max(120, bars.length * 28 + 48);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={bars}
        layout="vertical"
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        barCategoryGap={4}
      >
        <CartesianGrid horizontal={false} stroke="var(--color-line)" />
        <XAxis
          type="number"
          domain={[0, "dataMax"]}
          tickFormatter={(ms: number) => formatDuration(ms)}
          stroke="var(--color-fg-muted)"
          fontSize={12}
        />
        <YAxis type="category" dataKey="label" width={140} stroke="var(--color-fg-muted)" fontSize={12} />
        <Tooltip
          cursor={{ fill: "var(--color-surface-muted)" }}
          contentStyle={{
            background: "var(--color-surface)",
            border: "1px solid var(--color-line)",
            color: "var(--color-fg)",
            fontSize: 12,
          }}
          formatter={(_value, name, item) => {
            const bar = item.payload as TimelineBar;
            return name === "offsetMs"
              ? [null, null]
              : [`${formatDuration(bar.durationMs)} · ${bar.state.toLowerCase()}`, "Ran for"];
          }}
        />
        <Bar dataKey="offsetMs" stackId="t" fill="transparent" isAnimationActive={false} />
        <Bar dataKey="durationMs" stackId="t" isAnimationActive={false} minPointSize={2}>
          {bars.map((bar) => (
            <Cell key={bar.key} fill={STATE_FILL[bar.state] ?? "var(--color-fg-subtle)"} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
