// What the console reads from a local runtime's directory (<runtimesDir>/<namespace>/, written by
// LocalRuntimes): where its Airflow UI listens and the generated password of its `admin` user.
// Plain file reads, so the web process (which never runs runtimes) can import them cheaply.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The user Skyport creates in every local runtime's Airflow UI. */
export const LOCAL_AIRFLOW_ADMIN = "admin";

/** The directory of the runtime whose namespace is `namespace`, under `runtimesDir`. */
export function localRuntimeDir(runtimesDir: string, namespace: string): string {
  return path.join(runtimesDir, namespace);
}

/** The entries of a runtimes directory, by its path, with the directory identity they were read at. */
const listings = new Map<
  string,
  { ino: number; mtimeMs: number; listedAt: number; names: ReadonlySet<string> }
>();

/**
 * File-system timestamps tick coarsely (a kernel clock tick), so a change made just after a
 * listing can leave the directory's mtime as it was. A listing is reused only when it was taken
 * this long after the directory's last change (git's "racily clean" rule); until then every
 * call lists again.
 */
const MTIME_SETTLE_MS = 1_000;

/**
 * The namespaces that have a directory under `runtimesDir` (none when it does not exist). A
 * page of deployments asks once instead of looking for every row's state.json: one stat of the
 * directory, and a new listing only when it changed (creating or removing a runtime's
 * directory changes the directory's mtime).
 */
export function localRuntimeNamespaces(runtimesDir: string): ReadonlySet<string> {
  const stat = statSync(runtimesDir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    listings.delete(runtimesDir);
    return new Set();
  }
  const known = listings.get(runtimesDir);
  if (
    known &&
    known.ino === stat.ino &&
    known.mtimeMs === stat.mtimeMs &&
    known.listedAt - stat.mtimeMs > MTIME_SETTLE_MS
  )
    return known.names;
  const listedAt = Date.now();
  const names = new Set(readdirSync(runtimesDir));
  listings.set(runtimesDir, { ino: stat.ino, mtimeMs: stat.mtimeMs, listedAt, names });
  return names;
}

/** What state.json said, by path, with the file identity it was read from. */
const uiUrls = new Map<string, { ino: number; mtimeMs: number; size: number; url: string | null }>();

/**
 * The Airflow UI of the runtime in `runtimeDir` (loopback), or null when it has no port yet.
 * Every deployment of a listed page asks, so the answer is kept per file and read again only
 * when the file changed (LocalRuntimes replaces it by rename: a new inode); a runtime without
 * the file costs one stat, not a thrown ENOENT.
 */
export function localAirflowUrl(runtimeDir: string): string | null {
  const file = path.join(runtimeDir, "state.json");
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch {
    stat = undefined;
  }
  if (!stat) {
    uiUrls.delete(file);
    return null;
  }
  const known = uiUrls.get(file);
  if (known && known.ino === stat.ino && known.mtimeMs === stat.mtimeMs && known.size === stat.size)
    return known.url;
  let url: string | null = null;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as { uiPort?: unknown };
    if (typeof state.uiPort === "number" && Number.isInteger(state.uiPort))
      url = `http://127.0.0.1:${state.uiPort}/`;
  } catch {
    url = null;
  }
  if (uiUrls.size >= 10_000) uiUrls.clear();
  uiUrls.set(file, { ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, url });
  return url;
}

/** The generated password of the runtime's `admin` user, or null before the first start. */
export function localAdminPassword(runtimeDir: string): string | null {
  try {
    const password = readFileSync(path.join(runtimeDir, "admin-password"), "utf8").trim();
    return password.length > 0 ? password : null;
  } catch {
    return null;
  }
}
