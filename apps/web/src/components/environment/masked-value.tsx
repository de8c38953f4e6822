import { StatusBadge } from "@/components/status-badge.tsx";

/**
 * A value as a table shows it. Secret values never reach the page (the server sends null); a
 * value withheld from a names-only reader says so instead of looking empty.
 */
export function MaskedValue({
  value,
  isSecret,
  masked,
}: {
  value: string | null;
  isSecret: boolean;
  masked: boolean;
}) {
  if (isSecret) {
    return (
      <span className="inline-flex items-center gap-2">
        <span aria-hidden="true" className="font-mono tracking-widest text-slate-500 dark:text-slate-400">
          ••••••••
        </span>
        <StatusBadge tone="warning">Secret</StatusBadge>
      </span>
    );
  }
  if (masked || value === null) {
    return <span className="text-slate-500 italic dark:text-slate-400">Hidden</span>;
  }
  if (value === "") return <span className="text-slate-500 italic dark:text-slate-400">(empty)</span>;
  return (
    <code className="line-clamp-3 font-mono text-xs/5 break-all whitespace-pre-wrap text-slate-900 dark:text-slate-100">
      {value}
    </code>
  );
}
