// Class strings shared by the environment tables (they match the other console tables).
export const th =
  "px-5 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
export const td = "px-5 py-3 align-top text-slate-700 dark:text-slate-300";
export const tableClass = "min-w-full divide-y divide-slate-200 dark:divide-slate-800";
export const theadClass = "bg-slate-50 dark:bg-slate-950/40";
export const tbodyClass = "divide-y divide-slate-100 text-sm dark:divide-slate-800";
