// The deployment file `deployment create|update --deployment-file` reads is exactly what
// `deployment inspect -o yaml|json` prints, so a deployment can be copied or kept in git:
// the name, description, workspace and spec are taken; what the server reports (id, status,
// generations, timestamps …) is ignored. A field that is neither is refused, so a typo is not
// silently dropped.
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { CliError, ExitCode } from "../../exit-codes.ts";

export interface DeploymentDocument {
  name?: string;
  description?: string;
  organizationId?: string;
  workspaceId?: string;
  /** The spec fields, without the name and description the stored spec repeats. */
  spec: Record<string, unknown>;
}

const USED = new Set(["name", "description", "organizationId", "workspaceId", "spec"]);
/** What `inspect` prints besides the fields used: reported by the server, ignored when read. */
const REPORTED = new Set([
  "id",
  "generation",
  "observedGeneration",
  "status",
  "statusReason",
  "namespace",
  "airflowUrl",
  "workspaceName",
  "runtime",
  "createdAt",
  "updatedAt",
  "deletedAt",
  "can",
]);

/**
 * A file's text parsed as YAML 1.2 (which reads JSON as well), with `fail` for the caller's own
 * checks: every refusal names the file and is a usage error (exit 2).
 */
export function parseYamlFile(text: string, source: string) {
  const fail = (message: string) => new CliError(`${source}: ${message}`, ExitCode.Usage);
  try {
    return { parsed: parse(text) as unknown, fail };
  } catch (error) {
    throw fail(`not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** A file's text ("-": stdin) and how errors name it; unreadable is a usage error naming `flag`. */
export async function readFileOrStdin(
  file: string,
  readStdin: () => Promise<string>,
  flag: string,
): Promise<{ text: string; source: string }> {
  try {
    const text = file === "-" ? await readStdin() : await readFile(file, "utf8");
    return { text, source: file === "-" ? "stdin" : file };
  } catch (error) {
    throw new CliError(`${flag}: cannot read ${file}: ${(error as Error).message}`, ExitCode.Usage);
  }
}

/** Reads a deployment file; "-" reads stdin. */
export async function readDeploymentFile(
  file: string,
  readStdin: () => Promise<string>,
): Promise<DeploymentDocument> {
  const { text, source } = await readFileOrStdin(file, readStdin, "--deployment-file");
  return parseDeploymentDocument(text, source);
}

export function parseDeploymentDocument(text: string, source: string): DeploymentDocument {
  const { parsed, fail } = parseYamlFile(text, source);
  if (!isRecord(parsed)) throw fail("must hold a deployment (a mapping with name and spec)");

  const unknown = Object.keys(parsed).filter((key) => !USED.has(key) && !REPORTED.has(key));
  if (unknown.length > 0) {
    throw fail(
      `${unknown.join(", ")}: not a deployment field (a deployment file has name, description, workspaceId and spec)`,
    );
  }
  const stringField = (key: string): string | undefined => {
    const value = parsed[key as keyof typeof parsed];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw fail(`${key}: must be a string`);
    return value;
  };
  const rawSpec = parsed.spec ?? {};
  if (!isRecord(rawSpec)) throw fail("spec: must be a mapping of the deployment's settings");
  // The stored spec repeats the deployment's own name and description; they are top-level here.
  const { name: specName, description: specDescription, ...spec } = rawSpec;
  const name = stringField("name") ?? (typeof specName === "string" ? specName : undefined);
  const description =
    stringField("description") ?? (typeof specDescription === "string" ? specDescription : undefined);
  const organizationId = stringField("organizationId");
  const workspaceId = stringField("workspaceId");
  return {
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(organizationId !== undefined ? { organizationId } : {}),
    ...(workspaceId !== undefined ? { workspaceId } : {}),
    spec,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
