import type { z } from "zod";

/** Variables that only work together: all of `required` set, or none (and then none of `optional`). */
export interface VariableGroup {
  required: readonly string[];
  optional: readonly string[];
  /** When the group applies, as messages say it: "when billing is on", "in Clerk mode". */
  when: string;
  /** How to leave the group off, after "or": "none to turn billing off". */
  offHint: string;
}

/**
 * The all-or-nothing rule of a variable group, every offending variable named at once.
 * Answers whether the group is on (some required variable set).
 */
export function checkVariableGroup(
  env: Record<string, unknown>,
  ctx: z.RefinementCtx,
  group: VariableGroup,
): boolean {
  const present = group.required.filter((name) => typeof env[name] === "string");
  if (present.length === 0) {
    for (const name of group.optional.filter((optional) => typeof env[optional] === "string")) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `is only used ${group.when}: also set ${group.required.join(", ")}, or unset it`,
      });
    }
    return false;
  }
  for (const name of group.required) {
    if (present.includes(name)) continue;
    ctx.addIssue({
      code: "custom",
      path: [name],
      message: `is required ${group.when} (${present.join(", ")} ${present.length === 1 ? "is" : "are"} set): set all of ${group.required.join(", ")}, or ${group.offHint}`,
    });
  }
  return true;
}
