import { z } from "zod";
import { serviceUrl } from "./urls.ts";

const smtpUrl = serviceUrl(
  ["smtp:", "smtps:"],
  "must be an SMTP URL like smtp://user:password@mail.example.com:587 or smtps://mail.example.com:465",
);

// "skyport@example.com" or "Skyport <skyport@example.com>".
const SENDER = /^(?:[^<>@]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

/**
 * Outgoing email (invitations, later alerts and reports). SMTP_URL and SMTP_FROM are set
 * together or not at all; without them, emails go to the development mailbox
 * (`$SKYPORT_STATE_DIR/mailbox`, shown in the console at /dev/mailbox).
 */
export const mailEnvShape = {
  /** smtp:// (STARTTLS when offered) or smtps:// (TLS), with optional user:password@. */
  SMTP_URL: smtpUrl.optional(),
  /** The sender, e.g. "Skyport <skyport@example.com>". */
  SMTP_FROM: z
    .string()
    .regex(SENDER, 'must be an address like skyport@example.com or "Skyport <skyport@example.com>"')
    .optional(),
  /** Local state, where the development mailbox lives (default .skyport in the repository). */
  SKYPORT_STATE_DIR: z.string().min(1).optional(),
};

type MailVariables = { SMTP_URL?: string | undefined; SMTP_FROM?: string | undefined };

/** The both-or-neither rule of the SMTP group, naming the missing variable. */
export function requireWholeMailGroup(value: unknown, ctx: z.RefinementCtx): void {
  const env = (typeof value === "object" && value !== null ? value : {}) as MailVariables;
  if (env.SMTP_URL && !env.SMTP_FROM) {
    ctx.addIssue({ code: "custom", path: ["SMTP_FROM"], message: "is required when SMTP_URL is set" });
  }
  if (env.SMTP_FROM && !env.SMTP_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["SMTP_URL"],
      message: "is required when SMTP_FROM is set (unset SMTP_FROM to use the development mailbox)",
    });
  }
}

/** How email leaves Skyport: through SMTP, or into the local development mailbox. */
export type MailSettings =
  | { transport: "smtp"; url: string; from: string }
  | { transport: "mailbox"; from: string; stateDir: string | null };

export const DEVELOPMENT_MAIL_FROM = "Skyport <skyport@localhost>";

export function mailSettings(
  config: MailVariables & { SKYPORT_STATE_DIR?: string | undefined },
): MailSettings {
  if (config.SMTP_URL && config.SMTP_FROM) {
    return { transport: "smtp", url: config.SMTP_URL, from: config.SMTP_FROM };
  }
  return { transport: "mailbox", from: DEVELOPMENT_MAIL_FROM, stateDir: config.SKYPORT_STATE_DIR ?? null };
}
