// Render-only mode: a deployment's manifests as YAML files in one directory per namespace, one
// file per object, named so that `kubectl apply -f <dir>` (which goes in file-name order) creates
// the namespace before what lives in it. Writes are atomic (temp file + rename) and skipped when
// the content is unchanged; files of objects no longer desired are removed. Secrets must be
// rendered redacted: a Secret value that is not `<redacted>` is refused, never written.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type KubeObject, REDACTED } from "../render/types.ts";
import { toYamlDocuments } from "../render/yaml.ts";

/** Apply order by kind, as renderDeployment orders objects. */
const KIND_ORDER = [
  "Namespace",
  "ResourceQuota",
  "LimitRange",
  "NetworkPolicy",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "Secret",
  "ConfigMap",
  "Service",
  "Job",
  "Deployment",
  "StatefulSet",
  "PodDisruptionBudget",
  "ScaledObject",
  "Ingress",
];

const HEADER =
  "# Rendered by Skyport and NOT applied: no Kubernetes cluster is configured. Secret values are redacted.\n";

export class UnredactedSecretError extends Error {
  constructor(name: string) {
    super(`refusing to write Secret ${name} to disk: its values are not redacted`);
    this.name = "UnredactedSecretError";
  }
}

export function manifestFileName(object: KubeObject): string {
  const rank = KIND_ORDER.indexOf(object.kind);
  const prefix = String(rank === -1 ? 99 : rank).padStart(2, "0");
  return `${prefix}-${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
}

function assertRedacted(object: KubeObject): void {
  if (object.kind !== "Secret") return;
  const values = [
    ...Object.values((object.stringData as Record<string, unknown> | undefined) ?? {}),
    ...Object.values((object.data as Record<string, unknown> | undefined) ?? {}),
  ];
  if (values.some((value) => value !== REDACTED)) throw new UnredactedSecretError(object.metadata.name);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export interface ManifestWriteResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

/** Makes `dir` hold exactly the given objects, one YAML file each. */
export async function writeManifests(
  dir: string,
  objects: readonly KubeObject[],
): Promise<ManifestWriteResult> {
  for (const object of objects) assertRedacted(object);
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const written: string[] = [];
  const unchanged: string[] = [];
  const desired = new Set<string>();
  for (const object of objects) {
    const name = manifestFileName(object);
    desired.add(name);
    const file = path.join(dir, name);
    const content = HEADER + toYamlDocuments([object]);
    if ((await readIfExists(file)) === content) {
      unchanged.push(name);
      continue;
    }
    const temp = path.join(dir, `.${name}.${randomBytes(4).toString("hex")}.tmp`);
    await writeFile(temp, content, { mode: 0o640 });
    await rename(temp, file);
    written.push(name);
  }
  const removed: string[] = [];
  for (const entry of await readdir(dir)) {
    // Objects no longer desired, and temp files a crash left behind.
    const stale = (entry.endsWith(".yaml") && !desired.has(entry)) || /^\..*\.tmp$/.test(entry);
    if (!stale) continue;
    await rm(path.join(dir, entry), { force: true });
    if (entry.endsWith(".yaml")) removed.push(entry);
  }
  return { written, unchanged, removed };
}

/** Removes a namespace's manifest directory; true if there was one. */
export async function removeManifests(dir: string): Promise<boolean> {
  try {
    await readdir(dir);
  } catch {
    return false;
  }
  await rm(dir, { recursive: true, force: true });
  return true;
}
