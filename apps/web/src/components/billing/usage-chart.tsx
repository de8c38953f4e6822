"use client";

import type { BillingOverview } from "@skyport/domain";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TOOLTIP_CURSOR, TOOLTIP_STYLE } from "../telemetry/chart-style.ts";

const FILLS = [
  "#0284c7",
  "#7c3aed",
  "#059669",
  "#d97706",
  "#dc2626",
  "#0891b2",
  "#4f46e5",
  "#65a30d",
  "#db2777",
];

/** Hours per day and meter this period, stacked. */
export default function UsageChart({ usage }: { usage: BillingOverview["usageByDay"] }) {
  const meters = [...new Set(usage.map((u) => u.meter))];
  const days = [...new Set(usage.map((u) => u.day))].sort();
  const data = days.map((day) => ({
    day: day.slice(5),
    ...Object.fromEntries(usage.filter((u) => u.day === day).map((u) => [u.meter, u.hours])),
  }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid vertical={false} stroke="var(--color-line)" />
        <XAxis dataKey="day" stroke="var(--color-fg-muted)" fontSize={11} />
        <YAxis stroke="var(--color-fg-muted)" fontSize={11} width={40} unit=" h" />
        <Tooltip cursor={TOOLTIP_CURSOR} contentStyle={TOOLTIP_STYLE} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {meters.map((meter, index) => (
          <Bar
            key={meter}
            dataKey={meter}
            stackId="usage"
            fill={FILLS[index % FILLS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
