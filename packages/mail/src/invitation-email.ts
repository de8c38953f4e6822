import type { OutgoingEmail } from "./mailer.ts";

export interface InvitationEmailInput {
  to: string;
  organizationId: string;
  organizationName: string;
  /** Who sent it, when known. */
  inviterName: string | null;
  roleLabel: string;
  acceptUrl: string;
  expiresAt: Date;
}

function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

/** The invitation email: plain text and a simple HTML version with the same content. */
export function invitationEmail(input: InvitationEmailInput): OutgoingEmail {
  const who = input.inviterName ? `${input.inviterName} invited you` : "You have been invited";
  const expires = `${dateFormat.format(input.expiresAt)} UTC`;
  const subject = `You're invited to ${input.organizationName} on Skyport`;
  const text = [
    `${who} to join ${input.organizationName} on Skyport as ${input.roleLabel}.`,
    "",
    "Accept the invitation:",
    input.acceptUrl,
    "",
    `The link works once and expires on ${expires}.`,
    "If you did not expect this invitation, you can ignore this email.",
    "",
    "Skyport, the control plane for Apache Airflow",
  ].join("\n");
  const html = `<!doctype html>
<html lang="en">
  <body style="font-family: -apple-system, Segoe UI, Helvetica, Arial, sans-serif; color: #0f172a; line-height: 1.5;">
    <p>${escapeHtml(who)} to join <strong>${escapeHtml(input.organizationName)}</strong> on Skyport as ${escapeHtml(input.roleLabel)}.</p>
    <p><a href="${escapeHtml(input.acceptUrl)}" style="display: inline-block; background: #0369a1; color: #ffffff; padding: 10px 16px; border-radius: 6px; text-decoration: none; font-weight: 600;">Accept the invitation</a></p>
    <p style="font-size: 14px; color: #475569;">Or open this link: <a href="${escapeHtml(input.acceptUrl)}">${escapeHtml(input.acceptUrl)}</a></p>
    <p style="font-size: 14px; color: #475569;">The link works once and expires on ${escapeHtml(expires)}. If you did not expect this invitation, you can ignore this email.</p>
  </body>
</html>
`;
  return { to: input.to, subject, text, html, organizationId: input.organizationId };
}
