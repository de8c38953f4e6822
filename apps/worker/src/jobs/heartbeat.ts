import os from "node:os";
import { HEARTBEAT_INTERVAL_MS, heartbeatKey, type Redis } from "@skyport/queue";

/** Records that this worker is alive; /api/health reads it. */
export function heartbeatHandler(redis: Redis, prefix?: string) {
  return async () => {
    const beat = { at: Date.now(), pid: process.pid, host: os.hostname() };
    // Expire on its own so a dead worker's last beat does not linger forever.
    await redis.set(heartbeatKey(prefix), JSON.stringify(beat), "PX", HEARTBEAT_INTERVAL_MS * 20);
    return beat;
  };
}
