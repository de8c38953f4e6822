// Small statistics over samples and series.

/** The q-quantile (0–1) by linear interpolation between closest ranks; 0 for no values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (rank - low);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Share (0–1) of samples for which `holds` is true. */
export function shareOf<T>(values: readonly T[], holds: (value: T, index: number) => boolean): number {
  if (values.length === 0) return 0;
  let count = 0;
  values.forEach((value, index) => {
    if (holds(value, index)) count++;
  });
  return count / values.length;
}
