// The spec rule over runtime lines: an override of a key the chosen runtime does not read is
// refused on its key, naming the key that runtime reads instead.
import { findRuntime } from "./catalog.ts";
import type { SpecIssue } from "./parse.ts";
import { runtimeLineProblem } from "./runtime-lines.ts";

export function runtimeLineIssues(input: {
  readonly runtimeVersion: string;
  readonly airflowConfigOverrides: readonly { readonly section: string; readonly key: string }[];
}): SpecIssue[] {
  const runtime = findRuntime(input.runtimeVersion);
  if (!runtime) return [];
  return input.airflowConfigOverrides.flatMap((override, index) => {
    const problem = runtimeLineProblem(runtime, override.section, override.key);
    return problem ? [{ field: `airflowConfigOverrides.${index}.key`, message: problem }] : [];
  });
}
