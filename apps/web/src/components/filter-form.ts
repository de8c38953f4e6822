"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { fromInputValue, toInputValue } from "./time-format.ts";

/**
 * The state of a list's filter form whose filters live in the URL, with a UTC time range
 * (`from`, `to`) edited in datetime-local inputs: `apply` navigates to the page with the
 * query the form's values make, `clear` back to the unfiltered page.
 */
export function useUrlFilters<T extends { from: string; to: string }>(
  basePath: string,
  filters: T,
  toQuery: (values: T) => string,
) {
  const router = useRouter();
  const [values, setValues] = useState<T>({
    ...filters,
    from: toInputValue(filters.from),
    to: toInputValue(filters.to),
  });
  const set = (key: keyof T) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));

  function apply(trimmed: T) {
    // datetime-local has minute precision: "to" includes its whole minute.
    const query = toQuery({
      ...trimmed,
      from: fromInputValue(trimmed.from, "start"),
      to: fromInputValue(trimmed.to, "end"),
    });
    router.push(query ? `${basePath}?${query}` : basePath);
  }

  function clear(empty: T) {
    setValues(empty);
    router.push(basePath);
  }

  return { values, set, apply, clear };
}
