// A real SMTP server on 127.0.0.1 for the worker's e-mail tests, and a small parser of what it
// received (headers unfolded, the text part decoded from quoted-printable).
import type { AddressInfo } from "node:net";
import { JobProducer } from "@skyport/queue";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import { capturingLogger } from "../../../../packages/domain/test/provisioning/support.ts";
import { createSkyportWorker } from "../../src/worker.ts";

type WorkerConfigInput = Parameters<typeof createSkyportWorker>[0];

export interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 that requires the credentials from SMTP_URL. */
export async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "skyport" && auth.password === "smtp-pass")
        return callback(null, { user: "skyport" });
      return callback(new Error("invalid credentials"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { server, port, received };
}

/** Headers unfolded, and the text part decoded from quoted-printable. */
export function parseMessage(raw: string): { header(name: string): string | undefined; text: string } {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/);
  const body = rest.join("\n\n");
  const decoded = body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return {
    header: (name) =>
      headers
        .find((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`))
        ?.slice(name.length + 1)
        .trim(),
    text: decoded,
  };
}

/** The worker settings that send its e-mail through `smtp` (its credentials, a fixed sender). */
export function smtpSettings(smtp: { port: number }) {
  return {
    SMTP_URL: `smtp://skyport:smtp-pass@127.0.0.1:${smtp.port}`,
    SMTP_FROM: "Skyport <skyport@example.test>",
  };
}

export function closeSmtpServer(smtp: { server: SMTPServer }): Promise<void> {
  return new Promise<void>((resolve) => smtp.server.close(() => resolve()));
}

/**
 * For one describe block: a worker on `queuePrefix` whose e-mail goes to a real SMTP server,
 * started before the block's tests and stopped (with its producer and the server) after them.
 * Its fields are set once the block's beforeAll has run.
 */
export function workerWithSmtp(
  services: { redis: ConstructorParameters<typeof JobProducer>[0]; config: WorkerConfigInput },
  queuePrefix: string,
) {
  const suite = {
    producer: new JobProducer(services.redis, queuePrefix),
    log: capturingLogger(),
    smtp: undefined as unknown as Awaited<ReturnType<typeof startSmtpServer>>,
    worker: undefined as unknown as ReturnType<typeof createSkyportWorker>,
  };
  beforeAll(async () => {
    suite.smtp = await startSmtpServer();
    suite.worker = createSkyportWorker(
      { ...services.config, ...smtpSettings(suite.smtp) },
      suite.log.logger,
      { prefix: queuePrefix },
    );
    await suite.worker.start();
  });
  afterAll(async () => {
    await suite.worker.stop();
    await suite.producer.close();
    await closeSmtpServer(suite.smtp);
  });
  return suite;
}
