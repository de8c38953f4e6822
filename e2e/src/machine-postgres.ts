// A private PostgreSQL server started from the machine's own server binaries (Debian's
// `postgresql-<major>` package), for tests that need a server the system pg_dump can dump:
// pg_dump refuses servers newer than itself, and the test suite's embedded PostgreSQL is
// newer than Debian's client. Nothing is assumed to be running: the server is initialised in
// a temporary directory, listens on a free loopback port and is removed on stop.
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { findFreePort } from "@skyport/localstack";

const run = promisify(execFile);

export interface MachinePostgres {
  /** Superuser URL of the `postgres` database (trust authentication, loopback only). */
  url: string;
  stop(): Promise<void>;
}

/** The directory holding `initdb` and `pg_ctl` of PostgreSQL `major`, or undefined. */
export function machinePostgresBinDir(major: number): string | undefined {
  const dir = `/usr/lib/postgresql/${major}/bin`;
  try {
    accessSync(path.join(dir, "initdb"), constants.X_OK);
    accessSync(path.join(dir, "pg_ctl"), constants.X_OK);
    return dir;
  } catch {
    return undefined;
  }
}

/** uid/gid of an OS user, from `id` (PostgreSQL refuses to run as root). */
async function osUser(name: string): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run("id", ["-u", name])).stdout.trim());
  const gid = Number((await run("id", ["-g", name])).stdout.trim());
  return { uid, gid };
}

/**
 * Starts PostgreSQL `major` from the machine's binaries. As root the server runs as the
 * `postgres` OS user that Debian's package creates.
 */
export async function startMachinePostgres(major: number): Promise<MachinePostgres> {
  const bin = machinePostgresBinDir(major);
  if (!bin) {
    throw new Error(
      `PostgreSQL ${major} server binaries are not installed (looked in /usr/lib/postgresql/${major}/bin); ` +
        `install them with \`sudo apt-get install -y postgresql-${major}\` (CI does this)`,
    );
  }
  const base = await mkdtemp(path.join(tmpdir(), "skyport-pg-"));
  const dataDir = path.join(base, "data");
  const logFile = path.join(base, "server.log");
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? await osUser("postgres") : undefined;
  if (user) {
    await chmod(base, 0o700);
    await chown(base, user.uid, user.gid);
  }
  const options = user ? { uid: user.uid, gid: user.gid, cwd: base } : { cwd: base };
  const port = await findFreePort();
  try {
    await run(
      path.join(bin, "initdb"),
      ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"],
      options,
    );
    await run(
      path.join(bin, "pg_ctl"),
      [
        "start",
        "-D",
        dataDir,
        "-l",
        logFile,
        "-w",
        "-t",
        "60",
        "-o",
        `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off`,
      ],
      options,
    );
  } catch (error) {
    await rm(base, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL ${major} from ${bin} did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await run(path.join(bin, "pg_ctl"), ["stop", "-D", dataDir, "-m", "fast", "-w"], options).catch(
        () => undefined,
      );
      await rm(base, { recursive: true, force: true });
    },
  };
}
