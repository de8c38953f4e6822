// ~/.skyport/config.yaml: the server the CLI talks to, the token it logged in with and the
// organization and workspace commands default to. It holds a secret, so it is written 0600
// in a 0700 directory, and replaced by rename so a crash never leaves half a file.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { CliError } from "../exit-codes.ts";

export interface StoredConfig {
  /** The server the token below belongs to. */
  apiUrl?: string;
  /** An API token (skp_…) or a session token from `skyport login`/`signup`. */
  token?: string;
  organizationId?: string;
  workspaceId?: string;
}

const FIELDS = ["apiUrl", "token", "organizationId", "workspaceId"] as const;

export const CONFIG_FILE_NAME = "config.yaml";

/** SKYPORT_CONFIG_DIR, else ~/.skyport (HOME, else the account's home directory). */
export function configDirectory(env: Readonly<Record<string, string | undefined>>): string {
  if (env.SKYPORT_CONFIG_DIR) return path.resolve(env.SKYPORT_CONFIG_DIR);
  return path.join(env.HOME || homedir(), ".skyport");
}

export function configFilePath(directory: string): string {
  return path.join(directory, CONFIG_FILE_NAME);
}

/** The stored settings; an absent file is an empty configuration. */
export async function readConfig(directory: string): Promise<StoredConfig> {
  const file = configFilePath(directory);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new CliError(
      `${file} is not valid YAML (${(error as Error).message.split("\n")[0]}); fix it or delete it and log in again`,
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new CliError(`${file} must hold a YAML mapping; fix it or delete it and log in again`);
  }
  const config: StoredConfig = {};
  for (const field of FIELDS) {
    const value = (parsed as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") throw new CliError(`${file}: ${field} must be a string`);
    config[field] = value;
  }
  return config;
}

/** Replaces the stored settings (fields set to undefined are removed). */
export async function writeConfig(directory: string, config: StoredConfig): Promise<string> {
  const file = configFilePath(directory);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const content: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = config[field];
    if (value !== undefined) content[field] = value;
  }
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(
      temporary,
      `# Written by the skyport CLI. Holds a secret token: keep it private.\n${stringify(content)}`,
      { mode: 0o600 },
    );
    // The mode given to writeFile is filtered by the umask; make sure of it.
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`);
  }
  return file;
}
