import type { ComponentProps } from "react";
import { cn } from "./cn.ts";

// Plain class strings, so a server component can style a link as a button too.
const base =
  "inline-flex items-center justify-center gap-1.5 rounded-md px-3.5 py-2 text-sm font-semibold whitespace-nowrap shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60";
const textLink =
  "rounded text-sm font-medium hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus disabled:opacity-60";

export const buttonClasses = {
  primary: `${base} bg-accent text-white hover:bg-accent-strong`,
  secondary: `${base} bg-surface text-fg ring-1 ring-line-strong ring-inset hover:bg-surface-raised`,
  danger: `${base} bg-danger text-white hover:bg-danger-strong`,
  dangerLink: `${textLink} text-danger-fg`,
  link: `${textLink} text-link`,
} as const;

export type ButtonVariant = keyof typeof buttonClasses;

export function Button({
  variant = "primary",
  className,
  ...button
}: { variant?: ButtonVariant } & ComponentProps<"button">) {
  return <button type="button" className={cn(buttonClasses[variant], className)} {...button} />;
}
