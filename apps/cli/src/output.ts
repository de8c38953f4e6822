import { stringify } from "yaml";

export const OUTPUT_FORMATS = ["table", "json", "yaml"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type CellValue = string | number | boolean | null | undefined;

export interface Column<Row> {
  header: string;
  value: (row: Row) => CellValue;
  /** The narrowest this column may be squeezed to when the table is wider than the terminal. */
  minWidth?: number;
}

/** What a command prints: the data itself (json/yaml) and how to lay it out as a table. */
export interface Printable<Row> {
  data: unknown;
  columns: ReadonlyArray<Column<Row>>;
  rows: ReadonlyArray<Row>;
}

/** One line of a single object's table view: `Label:  value`. */
export interface Detail {
  label: string;
  value: CellValue;
}

/** A single object: the data itself (json/yaml) and its labelled fields for the table view. */
export interface PrintableDetails {
  data: unknown;
  details: ReadonlyArray<Detail>;
}

const COLUMN_GAP = "  ";
const ELLIPSIS = "…";

export function render<Row>(
  format: OutputFormat,
  printable: Printable<Row> | PrintableDetails,
  maxWidth?: number,
): string {
  switch (format) {
    case "table":
      return "details" in printable
        ? renderDetails(printable.details, maxWidth)
        : renderTable(printable.columns, printable.rows, maxWidth);
    case "json":
      return renderJson(printable.data);
    case "yaml":
      return renderYaml(printable.data);
    default: {
      const unhandled: never = format;
      throw new Error(`unknown output format ${String(unhandled)}`);
    }
  }
}

export function renderJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export function renderYaml(data: unknown): string {
  return stringify(data);
}

/**
 * A plain-text table in the style of `kubectl get`: upper-case headers, columns separated by
 * two spaces, no trailing whitespace. When `maxWidth` is given and the table would be wider,
 * the widest columns are narrowed first and their cells cut with an ellipsis, so each row stays
 * on one line. Widths count code points; double-width (CJK, emoji) characters are not measured.
 */
export function renderTable<Row>(
  columns: ReadonlyArray<Column<Row>>,
  rows: ReadonlyArray<Row>,
  maxWidth?: number,
): string {
  if (columns.length === 0) return "";
  const headers = columns.map((column) => sanitize(column.header.toUpperCase()));
  const cells = rows.map((row) => columns.map((column) => sanitize(formatCell(column.value(row)))));
  const natural = columns.map((_, i) =>
    Math.max(length(headers[i] ?? ""), ...cells.map((line) => length(line[i] ?? ""))),
  );
  const widths = fitWidths(
    natural,
    columns.map((column, i) => Math.min(natural[i] ?? 0, column.minWidth ?? length(headers[i] ?? ""))),
    maxWidth,
  );
  const lines = [headers, ...cells].map((line) =>
    line
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const fitted = truncate(cell, width);
        return i === line.length - 1 ? fitted : fitted + " ".repeat(width - length(fitted));
      })
      .join(COLUMN_GAP)
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

/** Narrows the widest columns, one character at a time, until the row fits or nothing can give. */
function fitWidths(natural: number[], floors: number[], maxWidth: number | undefined): number[] {
  const widths = [...natural];
  if (maxWidth === undefined || !Number.isFinite(maxWidth)) return widths;
  const total = () => widths.reduce((sum, w) => sum + w, 0) + COLUMN_GAP.length * (widths.length - 1);
  let excess = total() - maxWidth;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const w = widths[i] ?? 0;
      if (w > (floors[i] ?? 0) && (widest === -1 || w > (widths[widest] ?? 0))) widest = i;
    }
    if (widest === -1) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess--;
  }
  return widths;
}

/**
 * A single object as aligned `Label:  value` lines, values cut with an ellipsis to fit the
 * width. Empty values are left out: a table view shows what is there.
 */
export function renderDetails(details: ReadonlyArray<Detail>, maxWidth?: number): string {
  const shown = details
    .map((detail) => ({ label: sanitize(`${detail.label}:`), value: sanitize(formatCell(detail.value)) }))
    .filter((detail) => detail.value !== "");
  const labelWidth = Math.max(0, ...shown.map((detail) => length(detail.label)));
  const lines = shown.map((detail) => {
    const label = detail.label + " ".repeat(labelWidth - length(detail.label));
    const room =
      maxWidth === undefined ? Number.POSITIVE_INFINITY : maxWidth - labelWidth - COLUMN_GAP.length;
    return `${label}${COLUMN_GAP}${Number.isFinite(room) ? truncate(detail.value, Math.max(room, 8)) : detail.value}`;
  });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

function formatCell(value: CellValue): string {
  if (value === null || value === undefined) return "";
  return String(value);
}

/**
 * Server-supplied text must not be able to move the cursor, recolour the terminal or break the
 * table's rows: control characters (including ESC, CR and LF) become spaces.
 */
export function sanitize(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? " " : char;
  }
  return out;
}

function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, width).join("");
  return chars.slice(0, width - 1).join("") + ELLIPSIS;
}
