// What the console reads from a local runtime's directory (<runtimesDir>/<namespace>/, written by
// LocalRuntimes): where its Airflow UI listens and the generated password of its `admin` user.
// Plain file reads, so the web process (which never runs runtimes) can import them cheaply.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The user Skyport creates in every local runtime's Airflow UI. */
export const LOCAL_AIRFLOW_ADMIN = "admin";

/** The directory of the runtime whose namespace is `namespace`, under `runtimesDir`. */
export function localRuntimeDir(runtimesDir: string, namespace: string): string {
  return path.join(runtimesDir, namespace);
}

/** The Airflow UI of the runtime in `runtimeDir` (loopback), or null when it has no port yet. */
export function localAirflowUrl(runtimeDir: string): string | null {
  try {
    const state = JSON.parse(readFileSync(path.join(runtimeDir, "state.json"), "utf8")) as {
      uiPort?: unknown;
    };
    return typeof state.uiPort === "number" && Number.isInteger(state.uiPort)
      ? `http://127.0.0.1:${state.uiPort}/`
      : null;
  } catch {
    return null;
  }
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
