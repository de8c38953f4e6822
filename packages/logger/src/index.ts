import { type Logger, type LoggerOptions, pino } from "pino";

export type { Logger } from "pino";

/**
 * Paths whose values never reach a log line. Pino replaces them with "[redacted]".
 * Connection strings are scrubbed separately (see redactUrl) because they are strings,
 * not fields.
 */
const REDACTED_PATHS = [
  "password",
  "*.password",
  "secret",
  "*.secret",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "*.value",
  "databaseUrl",
  "*.databaseUrl",
  "redisUrl",
  "*.redisUrl",
];

export interface CreateLoggerOptions {
  /** The process or module name, e.g. "web" or "worker". */
  name: string;
  level?: LoggerOptions["level"];
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

/** Structured JSON logging, one line per event, with secrets redacted. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: LoggerOptions = {
    name: options.name,
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/**
 * Returns a connection URL safe to print: the password (and any query string, which can
 * carry credentials such as sslpassword) is removed. Unparseable input is not echoed.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "[unparseable url]";
  }
}
