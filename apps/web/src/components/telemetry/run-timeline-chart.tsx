"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OTHER_FILL, STATE_FILL, TOOLTIP_CURSOR, TOOLTIP_STYLE } from "./chart-style.ts";
import { formatDuration } from "./run-format.ts";
import type { TimelineBar } from "./timeline.ts";

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
          cursor={TOOLTIP_CURSOR}
          contentStyle={TOOLTIP_STYLE}
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
            <Cell key={bar.key} fill={STATE_FILL[bar.state] ?? OTHER_FILL} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
