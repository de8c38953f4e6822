// One reconcile per deployment at a time, across every worker process: a PostgreSQL session-level
// advisory lock, held on a dedicated connection for the whole run. A worker that dies (even by
// SIGKILL) drops its connection, and PostgreSQL releases the lock with it — no expiry to wait
// for, unlike a lock key in Redis.
import pg from "pg";

const LOCK_CLASS = "skyport.deployment-reconcile";

export class ReconcileLocks {
  private readonly pool: pg.Pool;

  /** `maxConnections`: one per reconcile that may run at once in this process. */
  constructor(databaseUrl: string, maxConnections: number) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
    // An idle connection the server closed: the pool replaces it; nothing else to do.
    this.pool.on("error", () => {});
  }

  /** The release function if the lock was free, or null while another reconcile holds it. */
  async tryAcquire(deploymentId: string): Promise<(() => Promise<void>) | null> {
    const session = await this.pool.connect();
    let locked = false;
    try {
      const { rows } = await session.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked",
        [LOCK_CLASS, deploymentId],
      );
      locked = rows[0]?.locked === true;
    } catch (error) {
      session.release(true);
      throw error;
    }
    if (!locked) {
      session.release();
      return null;
    }
    return async () => {
      try {
        await session.query("SELECT pg_advisory_unlock(hashtext($1), hashtext($2))", [
          LOCK_CLASS,
          deploymentId,
        ]);
        session.release();
      } catch {
        // Dropping the connection releases the lock.
        session.release(true);
      }
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
