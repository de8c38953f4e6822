// Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`,
// `a` (exists), `!a` (does not exist), comma-separated and all required.

type Requirement =
  | { op: "eq" | "neq"; key: string; value: string }
  | { op: "in" | "notin"; key: string; values: string[] }
  | { op: "exists" | "absent"; key: string };

/** Splits on commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of selector) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      terms.push(current);
      current = "";
    } else current += char;
  }
  terms.push(current);
  return terms.map((term) => term.trim()).filter((term) => term.length > 0);
}

export function parseLabelSelector(selector: string): Requirement[] {
  return splitTerms(selector).map((term) => {
    const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set) {
      const values = (set[3] ?? "")
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
      return { op: set[2] === "in" ? "in" : "notin", key: set[1] ?? "", values };
    }
    const inequality = /^([^\s!=]+)\s*!=\s*(\S*)$/.exec(term);
    if (inequality) return { op: "neq", key: inequality[1] ?? "", value: inequality[2] ?? "" };
    const equality = /^([^\s!=]+)\s*==?\s*(\S*)$/.exec(term);
    if (equality) return { op: "eq", key: equality[1] ?? "", value: equality[2] ?? "" };
    const absent = /^!\s*(\S+)$/.exec(term);
    if (absent) return { op: "absent", key: absent[1] ?? "" };
    if (/^\S+$/.test(term)) return { op: "exists", key: term };
    throw new Error(`unable to parse requirement: ${term}`);
  });
}

export function matchesLabels(
  requirements: readonly Requirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return requirements.every((r) => {
    const value = labels[r.key];
    switch (r.op) {
      case "eq":
        return value === r.value;
      case "neq":
        return value !== r.value;
      case "in":
        return value !== undefined && r.values.includes(value);
      case "notin":
        return value === undefined || !r.values.includes(value);
      case "exists":
        return value !== undefined;
      case "absent":
        return value === undefined;
      default: {
        const exhaustive: never = r;
        return exhaustive;
      }
    }
  });
}
