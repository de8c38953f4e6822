// Plain class strings (not a client module), so server components can style links as buttons.
const buttonBase =
  "inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-60";

export const buttonClasses = {
  primary: `${buttonBase} bg-sky-700 text-white hover:bg-sky-800`,
  secondary: `${buttonBase} bg-white text-slate-900 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 dark:bg-slate-800 dark:text-white dark:ring-slate-600 dark:hover:bg-slate-700`,
  danger: `${buttonBase} bg-red-700 text-white hover:bg-red-800`,
  dangerLink:
    "rounded text-sm font-medium text-red-700 hover:text-red-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60 dark:text-red-400 dark:hover:text-red-300",
  link: "rounded text-sm font-medium text-sky-700 hover:text-sky-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60 dark:text-sky-400 dark:hover:text-sky-300",
} as const;
