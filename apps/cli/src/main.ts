import packageJson from "../package.json" with { type: "json" };
import { createApiClient } from "./context.ts";
import { run } from "./program.ts";

// The composition root: the only place that touches process globals.

// `skyport status | head -1` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

function terminalWidth(): number | undefined {
  if (process.stdout.isTTY) return process.stdout.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

const version: string = packageJson.version;

process.exitCode = await run(process.argv.slice(2), {
  version,
  io: {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    width: terminalWidth(),
  },
  client: (options) => createApiClient(options, version),
});
