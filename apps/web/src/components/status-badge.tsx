export type StatusTone = "good" | "warning" | "bad" | "neutral";

const toneClasses: Record<StatusTone, { badge: string; dot: string }> = {
  good: {
    badge:
      "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-950/60 dark:text-emerald-300 dark:ring-emerald-400/30",
    dot: "bg-emerald-500",
  },
  warning: {
    badge:
      "bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-400/30",
    dot: "bg-amber-500",
  },
  bad: {
    badge: "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-950/60 dark:text-red-300 dark:ring-red-400/30",
    dot: "bg-red-500",
  },
  neutral: {
    badge:
      "bg-slate-100 text-slate-700 ring-slate-500/25 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-400/25",
    dot: "bg-slate-400",
  },
};

/** A status pill. The label carries the meaning; colour only reinforces it. */
export function StatusBadge({ tone, children }: { tone: StatusTone; children: string }) {
  const classes = toneClasses[tone];
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${classes.badge}`}
    >
      <span className={`size-1.5 rounded-full ${classes.dot}`} aria-hidden="true" />
      {children}
    </span>
  );
}
