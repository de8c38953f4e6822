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
        <span aria-hidden="true" className="font-mono tracking-widest text-fg-subtle">
          ••••••••
        </span>
        <StatusBadge tone="warning">Secret</StatusBadge>
      </span>
    );
  }
  if (masked || value === null) {
    return <span className="text-fg-subtle italic">Hidden</span>;
  }
  if (value === "") return <span className="text-fg-subtle italic">(empty)</span>;
  return (
    <code className="line-clamp-3 font-mono text-xs/5 break-all whitespace-pre-wrap text-fg">{value}</code>
  );
}
