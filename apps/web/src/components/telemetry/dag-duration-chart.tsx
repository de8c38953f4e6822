"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OTHER_FILL, STATE_FILL, TOOLTIP_CURSOR, TOOLTIP_STYLE } from "./chart-style.ts";
import { formatDuration } from "./run-format.ts";

export interface DurationPoint {
  id: string;
  /** The run's start or latest activity, UTC, short. */
  label: string;
  state: string;
  durationMs: number | null;
}

/** The DAG's latest runs, oldest first: how long each took, coloured by how it ended. */
export default function DagDurationChart({ points }: { points: readonly DurationPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid vertical={false} stroke="var(--color-line)" />
        <XAxis dataKey="label" stroke="var(--color-fg-muted)" fontSize={11} minTickGap={24} />
        <YAxis
          tickFormatter={(ms: number) => formatDuration(ms)}
          stroke="var(--color-fg-muted)"
          fontSize={11}
          width={88}
        />
        <Tooltip
          cursor={TOOLTIP_CURSOR}
          contentStyle={TOOLTIP_STYLE}
          formatter={(_value, _name, item) => {
            const point = item.payload as DurationPoint;
            return [`${formatDuration(point.durationMs)} · ${point.state.toLowerCase()}`, "Duration"];
          }}
        />
        <Bar dataKey="durationMs" isAnimationActive={false} minPointSize={2} maxBarSize={48}>
          {points.map((point) => (
            <Cell key={point.id} fill={STATE_FILL[point.state] ?? OTHER_FILL} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
