// A redis-server of the test's own (no persistence), so everything in its keyspace was written by
// the stack under test and a test can read all of it.
import { spawn } from "node:child_process";
import { findFreePort, findOnPath, waitForPort } from "@skyport/localstack";

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const binary = findOnPath("redis-server");
  if (!binary) throw new Error("redis-server is not on PATH (Debian: apt-get install -y redis-server)");
  const port = await findFreePort();
  const child = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPort("127.0.0.1", port, 15_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
