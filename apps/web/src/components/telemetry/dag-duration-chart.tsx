"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDuration } from "./run-format.ts";

export interface DurationPoint {
  id: string;
  /** The run's start or latest activity, UTC, short. */
  label: string;
  state: string;
  durationMs: number | null;
}

const FILL: Record<string, string> = {
  SUCCESS: "var(--color-success-fg)",
  FAILED: "var(--color-danger)",
  ABORTED: "var(--color-danger)",
  RUNNING: "var(--color-warning-fg)",
};

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
          width={72}
        />
        <Tooltip
          cursor={{ fill: "var(--color-surface-muted)" }}
          contentStyle={{
            background: "var(--color-surface)",
            border: "1px solid var(--color-line)",
            color: "var(--color-fg)",
            fontSize: 12,
          }}
          formatter={(_value, _name, item) => {
            const point = item.payload as DurationPoint;
            return [`${formatDuration(point.durationMs)} · ${point.state.toLowerCase()}`, "Duration"];
          }}
        />
        <Bar dataKey="durationMs" isAnimationActive={false} minPointSize={2}>
          {points.map((point) => (
            <Cell key={point.id} fill={FILL[point.state] ?? "var(--color-fg-subtle)"} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
