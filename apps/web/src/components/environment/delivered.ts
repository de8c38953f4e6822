// Words for the "what the deployment receives" view.
import type { DeliveredObject } from "./types.ts";

export const KIND_LABELS: Record<DeliveredObject["kind"], string> = {
  environmentVariable: "Environment variable",
  airflowConnection: "Airflow connection",
  airflowVariable: "Airflow variable",
};

/** "12.4 KiB of 1 MiB (1%)": how full the deployment's environment Secret is. */
export function formatUsage(totalBytes: number, limitBytes: number): string {
  const percent = limitBytes > 0 ? Math.round((totalBytes / limitBytes) * 100) : 0;
  return `${formatBytes(totalBytes)} of ${formatBytes(limitBytes)} (${percent}%)`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KiB`;
  return `${trim(bytes / (1024 * 1024))} MiB`;
}

function trim(value: number): string {
  return value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
}
