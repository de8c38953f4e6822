export type StatusTone = "good" | "warning" | "bad" | "neutral";

const toneClasses: Record<StatusTone, { badge: string; dot: string }> = {
  good: { badge: "bg-success-soft text-success-fg ring-success-line", dot: "bg-emerald-500" },
  warning: { badge: "bg-warning-soft text-warning-fg ring-warning-line", dot: "bg-amber-500" },
  bad: { badge: "bg-danger-soft text-danger-fg ring-danger-line", dot: "bg-red-500" },
  neutral: { badge: "bg-neutral-soft text-neutral-fg ring-neutral-line", dot: "bg-slate-400" },
};

/** A status pill. The label carries the meaning; colour only reinforces it. */
export function StatusBadge({
  tone,
  children,
  title,
}: {
  tone: StatusTone;
  children: string;
  title?: string;
}) {
  const classes = toneClasses[tone];
  return (
    <span
      title={title}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${classes.badge}`}
    >
      <span className={`size-1.5 rounded-full ${classes.dot}`} aria-hidden="true" />
      {children}
    </span>
  );
}
