// A simplified model of server-side apply, faithful in what a reconciler can observe:
// - each field manager's last applied configuration is kept; the object is their merge;
// - a manager that stops applying a field loses it (unless another manager sets it);
// - a field another manager set to a different value is a 409 conflict unless `force`, which
//   transfers it to the applying manager.
// Simplification: lists are atomic (replaced whole), where a real server merges some lists by
// key (containers by name). For a single owner of every list, as Skyport is, that is the same.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Identity fields every manager sends; never a conflict. */
const IDENTITY = new Set(["apiVersion", "kind", "metadata.name", "metadata.namespace"]);

export function leaves(value: Json, prefix = ""): Map<string, Json> {
  const out = new Map<string, Json>();
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
    }
  } else if (prefix) out.set(prefix, value);
  return out;
}

export function deepMerge(base: Json, overlay: Json): Json {
  if (!isObject(base) || !isObject(overlay)) return structuredClone(overlay);
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    merged[key] = key in base ? deepMerge(base[key] ?? null, value) : structuredClone(value);
  }
  return merged;
}

function removeLeaf(config: JsonObject, path: string): void {
  const parts = path.split(".");
  const last = parts.pop();
  let node: Json | undefined = config;
  const trail: JsonObject[] = [];
  for (const part of parts) {
    if (!isObject(node)) return;
    trail.push(node);
    node = node[part];
  }
  if (isObject(node) && last !== undefined) delete node[last];
}

export interface Conflict {
  readonly manager: string;
  readonly path: string;
}

export function findConflicts(
  managers: ReadonlyMap<string, JsonObject>,
  applying: string,
  applied: JsonObject,
): Conflict[] {
  const mine = leaves(applied);
  const conflicts: Conflict[] = [];
  for (const [manager, config] of managers) {
    if (manager === applying) continue;
    for (const [path, value] of leaves(config)) {
      if (IDENTITY.has(path) || !mine.has(path)) continue;
      if (JSON.stringify(mine.get(path)) !== JSON.stringify(value)) conflicts.push({ manager, path });
    }
  }
  return conflicts;
}

/** Records an apply: conflicting fields move to the applier (force), and it becomes the most
 * recent manager, so its values win the merge. */
export function recordApply(
  managers: Map<string, JsonObject>,
  applying: string,
  applied: JsonObject,
  conflicts: readonly Conflict[],
): void {
  for (const conflict of conflicts) {
    const config = managers.get(conflict.manager);
    if (config) removeLeaf(config, conflict.path);
  }
  managers.delete(applying);
  managers.set(applying, structuredClone(applied));
}

export function mergeManagers(managers: ReadonlyMap<string, JsonObject>): JsonObject {
  let merged: Json = {};
  for (const config of managers.values()) merged = deepMerge(merged, config);
  return merged as JsonObject;
}
