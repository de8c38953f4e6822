"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TOOLTIP_STYLE } from "./chart-style.ts";

export interface MetricLine {
  /** The label set, as `name=value …` ("" for a series without labels). */
  name: string;
  points: ReadonlyArray<{ at: number; value: number }>;
}

/** Line colours through the theme's tokens, one per label set. */
const LINE_COLOURS = [
  "var(--color-accent)",
  "var(--color-success-fg)",
  "var(--color-warning-fg)",
  "var(--color-danger)",
  "var(--color-fg-muted)",
];

function timeLabel(at: number, stepSeconds: number): string {
  const iso = new Date(at).toISOString();
  return stepSeconds >= 86_400
    ? iso.slice(5, 10)
    : stepSeconds >= 3_600
      ? iso.slice(5, 16).replace("T", " ")
      : iso.slice(11, 16);
}

function formatValue(value: number, unit: string): string {
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  return unit === "seconds" ? `${rounded} s` : rounded;
}

/** One series key over time: a line per label set, on a shared UTC time axis. */
export default function MetricChart({
  lines,
  unit,
  stepSeconds,
}: {
  lines: readonly MetricLine[];
  unit: string;
  stepSeconds: number;
}) {
  // recharts wants rows keyed by time, a column per line.
  const rows = new Map<number, Record<string, number>>();
  lines.forEach((line, index) => {
    for (const point of line.points) {
      const row = rows.get(point.at) ?? { at: point.at };
      row[`l${index}`] = point.value;
      rows.set(point.at, row);
    }
  });
  const data = [...rows.values()].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid vertical={false} stroke="var(--color-line)" />
        <XAxis
          dataKey="at"
          type="number"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(at: number) => timeLabel(at, stepSeconds)}
          stroke="var(--color-fg-muted)"
          fontSize={11}
          minTickGap={32}
        />
        <YAxis
          tickFormatter={(value: number) => formatValue(value, unit)}
          stroke="var(--color-fg-muted)"
          fontSize={11}
          width={64}
          allowDecimals={unit === "seconds"}
        />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          labelFormatter={(at) => `${new Date(Number(at)).toISOString().slice(0, 16).replace("T", " ")} UTC`}
          formatter={(value, key) => {
            const line = lines[Number(String(key).slice(1))];
            return [formatValue(Number(value), unit), line?.name || "value"];
          }}
        />
        {lines.length > 1 ? (
          <Legend
            iconType="plainline"
            wrapperStyle={{ fontSize: 11 }}
            formatter={(key) => lines[Number(String(key).slice(1))]?.name || "value"}
          />
        ) : null}
        {lines.map((line, index) => (
          <Line
            key={line.name || "value"}
            dataKey={`l${index}`}
            type="monotone"
            dot={false}
            isAnimationActive={false}
            stroke={LINE_COLOURS[index % LINE_COLOURS.length]}
            strokeWidth={2}
            connectNulls
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
