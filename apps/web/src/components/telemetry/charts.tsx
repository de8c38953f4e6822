"use client";

import dynamic from "next/dynamic";

function ChartLoading({ label }: { label: string }) {
  return (
    <p role="status" className="px-5 py-6 text-sm text-fg-muted">
      Loading the {label}…
    </p>
  );
}

// The chart library loads only with a chart, after the page's own content.
export const RunTimeline = dynamic(() => import("./run-timeline-chart.tsx"), {
  ssr: false,
  loading: () => <ChartLoading label="timeline" />,
});

export const DagDurationChart = dynamic(() => import("./dag-duration-chart.tsx"), {
  ssr: false,
  loading: () => <ChartLoading label="chart" />,
});

export const MetricChart = dynamic(() => import("./metric-chart.tsx"), {
  ssr: false,
  loading: () => <ChartLoading label="chart" />,
});

export const RunsOverviewChart = dynamic(() => import("./runs-overview-chart.tsx"), {
  ssr: false,
  loading: () => <ChartLoading label="chart" />,
});

export const DagPercentilesChart = dynamic(
  () => import("./runs-overview-chart.tsx").then((module) => module.DagPercentilesChart),
  { ssr: false, loading: () => <ChartLoading label="chart" /> },
);
