import { z } from "zod";

/**
 * A whole number read from the environment, from `min` to `max`; the messages name the unit
 * ("must be a whole number of seconds") when it has one.
 */
export function wholeNumberBetween(min: number, max: number, unit?: string) {
  const of = unit ? ` of ${unit}` : "";
  const range = `must be between ${min} and ${max}`;
  return z.coerce
    .number({ message: `must be a number${of}` })
    .int(`must be a whole number${of}`)
    .min(min, range)
    .max(max, range);
}
