import packageJson from "../package.json" with { type: "json" };
import type { CliContext } from "./context.ts";
import { run } from "./program.ts";
import { terminalPrompter } from "./terminal/prompter.ts";
import { terminalSpinner } from "./terminal/spinner.ts";

// The composition root: the only place that touches process globals.

// `skyport deployment list | head -1` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

function terminalWidth(): number | undefined {
  if (process.stdout.isTTY) return process.stdout.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
const pollInterval = Number(process.env.SKYPORT_POLL_INTERVAL_MS);

const context: CliContext = {
  version: packageJson.version,
  env: process.env,
  io: {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    width: terminalWidth(),
    stdoutIsTerminal: Boolean(process.stdout.isTTY),
    readStdin,
  },
  prompter: interactive ? terminalPrompter() : null,
  spinner: (text) => (process.stdout.isTTY ? terminalSpinner(text, process.stderr) : null),
  // How often --wait looks at a deployment; a variable so end-to-end tests need not wait long.
  pollIntervalMs: Number.isInteger(pollInterval) && pollInterval > 0 ? pollInterval : 2_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

process.exitCode = await run(process.argv.slice(2), context);
