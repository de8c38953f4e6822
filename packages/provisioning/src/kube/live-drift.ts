// Drift check by reading: does the object the API server holds still say everything Skyport
// applied? The applied-hash annotation alone cannot tell (a manual edit leaves it in place), and
// re-applying every object with force just to find out costs one write per object per sweep.
// This compares the desired object with the live one, field by field, as the API server stores it:
//   - fields the server adds (defaults, status, managedFields, uid, ...) are ignored: only what
//     Skyport sets is compared;
//   - lists of named items (containers, env, ports, volumes, ...) match by name; other lists
//     must be equal: the same way server-side apply merges them, so what a forced apply would
//     repair is exactly what is reported here, and an item another field manager added (which a
//     forced apply keeps as well) is not drift;
//   - quantities compare by value ("0.5" = "500m", "1024Mi" = "1Gi": the server canonicalises);
//   - an empty desired value ("", false, 0, [], {}) matches an absent one (the server omits them);
//   - a Secret's stringData compares with its base64 data;
//   - apiVersion and kind are not compared: a list's items do not carry them.
// Returns the path of the first difference, or undefined when the live object matches.
import type { KubeObject } from "../render/types.ts";

type Json = unknown;

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity's value, or undefined when `text` is not one. */
export function quantityValue(text: string): number | undefined {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(text);
  if (!match) return undefined;
  const [, number = "", exponent, suffix = ""] = match;
  const value = Number(number) * (exponent ? 10 ** Number(exponent.slice(1)) : (SUFFIXES[suffix] ?? 1));
  return Number.isFinite(value) ? value : undefined;
}

function isEmpty(value: Json): boolean {
  if (value === undefined || value === null || value === "" || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value as object).length === 0;
}

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The key server-side apply merges a list's items by, when every item has one. */
function mergeKey(items: readonly Json[]): string | undefined {
  for (const key of ["name", "containerPort", "port", "mountPath", "key", "ip"]) {
    if (items.length > 0 && items.every((item) => isRecord(item) && item[key] !== undefined)) return key;
  }
  return undefined;
}

function scalarsMatch(desired: Json, live: Json): boolean {
  if (desired === live) return true;
  if (typeof desired === "string" && typeof live === "string") {
    const [a, b] = [quantityValue(desired), quantityValue(live)];
    return a !== undefined && b !== undefined && Math.abs(a - b) <= Math.abs(a) * 1e-12;
  }
  // int-or-string fields may come back as the other form.
  return (typeof desired === "number" || typeof desired === "string") && String(desired) === String(live);
}

function difference(desired: Json, live: Json, at: string): string | undefined {
  if (live === undefined || live === null) return isEmpty(desired) ? undefined : at;
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) return at;
    const key = mergeKey(desired);
    if (key) {
      for (const item of desired as Record<string, Json>[]) {
        // Several items may share the key (a port for UDP and for TCP): any one that matches will do.
        const where = `${at}[${key}=${String(item[key])}]`;
        const candidates = live.filter((candidate) => isRecord(candidate) && candidate[key] === item[key]);
        if (candidates.some((candidate) => difference(item, candidate, where) === undefined)) continue;
        return difference(item, candidates[0], where) ?? where;
      }
      return undefined;
    }
    if (desired.length !== live.length) return at;
    for (let i = 0; i < desired.length; i++) {
      const found = difference(desired[i], live[i], `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isRecord(desired)) {
    if (!isRecord(live)) return isEmpty(desired) ? undefined : at;
    for (const [field, value] of Object.entries(desired)) {
      const found = difference(value, live[field], `${at}.${field}`);
      if (found) return found;
    }
    return undefined;
  }
  return scalarsMatch(desired, live) ? undefined : at;
}

export function liveDrift(desired: KubeObject, live: KubeObject): string | undefined {
  // Items of a list carry no apiVersion and kind (the list does): compare the rest.
  const {
    stringData,
    apiVersion: _apiVersion,
    kind: _kind,
    ...rest
  } = desired as KubeObject & {
    stringData?: Record<string, string>;
  };
  if (stringData && desired.kind === "Secret") {
    const data = { ...((rest as { data?: Record<string, string> }).data ?? {}) };
    for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(value).toString("base64");
    return difference({ ...rest, data }, live, desired.kind);
  }
  return difference(rest, live, desired.kind);
}
