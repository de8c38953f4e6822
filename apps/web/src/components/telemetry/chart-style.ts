/** The charts' tooltip in the theme's colours (light and dark alike, through the tokens). */
export const TOOLTIP_STYLE = {
  background: "var(--color-surface)",
  border: "1px solid var(--color-line)",
  color: "var(--color-fg)",
  fontSize: 12,
} as const;

export const TOOLTIP_CURSOR = { fill: "var(--color-surface-muted)" } as const;

/** A bar's colour by the state of the run or try it stands for. */
export const STATE_FILL: Record<string, string> = {
  SUCCESS: "var(--color-success-fg)",
  FAILED: "var(--color-danger)",
  UPSTREAM_FAILED: "var(--color-danger)",
  ABORTED: "var(--color-danger)",
  RUNNING: "var(--color-warning-fg)",
};

export const OTHER_FILL = "var(--color-fg-subtle)";
