// Reading a local runtime's component logs, <runtimesDir>/<namespace>/logs/<component>.log (the
// supervisor appends each component's stdout and stderr there): the last lines of a file, then
// what was appended after a byte cursor, so a reader can follow by polling. Lines are what Airflow
// wrote; the values of the secrets Skyport hands the runtime (fernet key, database and admin
// passwords, session and task signing keys, the ingest and bundle tokens) are masked all the same,
// in case a component ever prints its environment.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import path from "node:path";

/** At most this much of a file is read per call (a tail, or one step of a follow). */
export const LOG_READ_MAX_BYTES = 256 * 1024;
export const MASKED_SECRET = "***";

export interface ComponentLogRead {
  /** Complete lines, oldest first, without their line ends. */
  readonly lines: string[];
  /** The byte offset after the last line returned: pass it as `since` to read what follows. */
  readonly cursor: number;
  /** The file is shorter than `since` (it was recreated): the lines are its tail instead. */
  readonly reset: boolean;
}

const LOG_SUFFIX = ".log";

/**
 * The components with a log file, sorted; null when `runtimeDir` holds no local runtime (the
 * deployment runs on another target, or was never started here).
 */
export function componentLogNames(runtimeDir: string): string[] | null {
  let files: string[];
  try {
    files = readdirSync(path.join(runtimeDir, "logs"));
  } catch {
    return null;
  }
  return files
    .filter((file) => file.endsWith(LOG_SUFFIX))
    .map((file) => file.slice(0, -LOG_SUFFIX.length))
    .sort();
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

const SECRET_ENV = /PASSWORD|SECRET|TOKEN|FERNET|_CONN$|BROKER_URL|TRANSPORT$/i;
const SECRET_FIELD = /key|token|password|secret/i;

function collectLeaves(value: unknown, into: Set<string>, secretKey: boolean): void {
  if (typeof value === "string") {
    if (secretKey) into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectLeaves(item, into, secretKey);
    return;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value))
      collectLeaves(item, into, secretKey || SECRET_FIELD.test(key));
  }
}

/** Adds a value and, when it is a URL with a password, the password alone (encoded and not). */
function addSecret(value: string, into: Set<string>): void {
  into.add(value);
  try {
    const url = new URL(value);
    if (url.password) {
      into.add(url.password);
      into.add(decodeURIComponent(url.password));
    }
  } catch {
    // not a URL
  }
  if (value.trimStart().startsWith("{")) {
    try {
      collectLeaves(JSON.parse(value), into, false);
    } catch {
      // not JSON
    }
  }
}

/** The secret values the runtime in `runtimeDir` was given, longest first (what to mask). */
export function runtimeSecretValues(runtimeDir: string): string[] {
  const found = new Set<string>();
  const secrets = readJson(path.join(runtimeDir, "secrets.json"));
  if (secrets && typeof secrets === "object") {
    for (const value of Object.values(secrets)) if (typeof value === "string") addSecret(value, found);
  }
  const wanted = readJson(path.join(runtimeDir, "supervisor.json")) as
    | { components?: { env?: Record<string, string> }[] }
    | undefined;
  for (const component of wanted?.components ?? []) {
    for (const [name, value] of Object.entries(component.env ?? {})) {
      if (SECRET_ENV.test(name) && typeof value === "string") addSecret(value, found);
    }
  }
  // Short values (an empty password, "admin") would mask ordinary words.
  return [...found].filter((value) => value.length >= 8).sort((a, b) => b.length - a.length);
}

export function maskSecrets(line: string, secrets: readonly string[]): string {
  let masked = line;
  for (const secret of secrets)
    if (masked.includes(secret)) masked = masked.split(secret).join(MASKED_SECRET);
  return masked;
}

function readRange(fd: number, start: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/**
 * `lines` lines of `component`'s log: without `since`, the last ones; with it, the first ones
 * written after that cursor (a follower polls again from the returned cursor until no lines
 * come). A line still being written (no line end yet) waits for the next read.
 */
export function readComponentLog(
  runtimeDir: string,
  component: string,
  options: { since?: number | undefined; lines: number },
): ComponentLogRead {
  const file = path.join(runtimeDir, "logs", `${component}${LOG_SUFFIX}`);
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return { lines: [], cursor: 0, reset: false };
  }
  try {
    const size = fstatSync(fd).size;
    const secrets = runtimeSecretValues(runtimeDir);
    const reset = options.since !== undefined && options.since > size;
    if (options.since !== undefined && !reset) {
      const start = options.since;
      const chunk = readRange(fd, start, Math.min(LOG_READ_MAX_BYTES, size - start));
      const complete = chunk.lastIndexOf(0x0a) + 1;
      // A single line longer than the read window is passed on in pieces rather than never.
      const usable = complete > 0 ? complete : chunk.length === LOG_READ_MAX_BYTES ? chunk.length : 0;
      const lines: string[] = [];
      let offset = 0;
      while (offset < usable && lines.length < options.lines) {
        const end = chunk.indexOf(0x0a, offset);
        const stop = end === -1 || end >= usable ? usable : end;
        lines.push(maskSecrets(chunk.subarray(offset, stop).toString("utf8"), secrets));
        offset = stop + 1;
      }
      return { lines, cursor: start + Math.min(offset, usable), reset: false };
    }
    const start = Math.max(0, size - LOG_READ_MAX_BYTES);
    const chunk = readRange(fd, start, size - start);
    const complete = chunk.lastIndexOf(0x0a) + 1;
    const text = chunk.subarray(0, complete).toString("utf8");
    const all = text === "" ? [] : text.slice(0, -1).split("\n");
    // A window that starts mid-file starts mid-line: that first piece is not a line.
    if (start > 0) all.shift();
    const lines = all.slice(-options.lines).map((line) => maskSecrets(line, secrets));
    return { lines, cursor: start + complete, reset };
  } finally {
    closeSync(fd);
  }
}
