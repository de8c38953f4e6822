import type { MailSettings } from "@skyport/config";
import type { Logger } from "@skyport/logger";
import nodemailer from "nodemailer";
import { resolveMailboxDir, writeToMailbox } from "./mailbox.ts";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * The organization the email is about, if any. Not part of the message; the development
   * mailbox uses it to show an organization's emails only to its owners.
   */
  organizationId?: string;
}

export interface SentEmail {
  messageId: string;
  delivery: "smtp" | "mailbox";
}

/** Sends Skyport's emails: through SMTP when configured, else into the development mailbox. */
export interface Mailer {
  readonly delivery: "smtp" | "mailbox";
  send(email: OutgoingEmail): Promise<SentEmail>;
  close(): void;
}

export function createMailer(
  settings: MailSettings,
  logger: Logger,
  options: { mailboxDir?: string } = {},
): Mailer {
  switch (settings.transport) {
    case "smtp":
      return smtpMailer(settings, logger);
    case "mailbox":
      return mailboxMailer(settings, logger, options.mailboxDir ?? resolveMailboxDir(settings.stateDir));
    default: {
      const exhaustive: never = settings;
      return exhaustive;
    }
  }
}

function smtpMailer(settings: Extract<MailSettings, { transport: "smtp" }>, logger: Logger): Mailer {
  // The URL carries host, port, TLS (smtps:) and credentials; nodemailer parses it.
  const transport = nodemailer.createTransport({
    url: settings.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    delivery: "smtp",
    async send(email) {
      const { organizationId: _organizationId, ...message } = email;
      const info = await transport.sendMail({ from: settings.from, ...message });
      logger.info({ messageId: info.messageId, subject: email.subject }, "email sent through SMTP");
      return { messageId: info.messageId, delivery: "smtp" };
    },
    close() {
      transport.close();
    },
  };
}

function mailboxMailer(
  settings: Extract<MailSettings, { transport: "mailbox" }>,
  logger: Logger,
  dir: string,
): Mailer {
  // Builds the exact RFC 822 message SMTP would carry, without sending it anywhere.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    delivery: "mailbox",
    async send(email) {
      const { organizationId, ...message } = email;
      const info = await composer.sendMail({ from: settings.from, ...message });
      const { id, file } = await writeToMailbox(
        dir,
        { ...message, from: settings.from, organizationId: organizationId ?? null },
        info.message as Buffer,
      );
      // The file, not the content: links in emails are credentials.
      logger.info({ file, subject: email.subject }, "email written to the development mailbox");
      return { messageId: id, delivery: "mailbox" };
    },
    close() {
      composer.close();
    },
  };
}
