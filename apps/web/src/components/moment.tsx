import { Td } from "@skyport/ui";
import { formatUtc, formatUtcDate } from "./time-format.ts";

/** A moment as UTC text, machine-readable in `dateTime`; `date` shows the day only. */
export function Moment({ at, date = false }: { at: Date; date?: boolean }) {
  return <time dateTime={at.toISOString()}>{date ? formatUtcDate(at) : formatUtc(at)}</time>;
}

/** A table column of moments (created, updated): muted, on one line. */
export function MomentCell({ label, at, date = false }: { label: string; at: Date; date?: boolean }) {
  return (
    <Td label={label} className="whitespace-nowrap text-fg-muted">
      <Moment at={at} date={date} />
    </Td>
  );
}
