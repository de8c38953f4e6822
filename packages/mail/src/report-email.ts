// Status report e-mails, the HTML built with React Email components (rendered on the server,
// inline styles for mail clients) plus a plain-text part with the same content: the status,
// failing checks first with their evidence, a link to the status page, and the unsubscribe link.
import {
  Body,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import { render } from "@react-email/render";
import { createElement as h, type ReactNode } from "react";
import type { OutgoingEmail } from "./mailer.ts";

export interface ReportEmailCheck {
  label: string;
  status: string;
  statusLabel: string;
  summary: string;
  evidence: string[];
}

export interface ReportEmailInput {
  to: string;
  organizationId: string;
  subject: string;
  title: string;
  description: string;
  status: string;
  statusLabel: string;
  evaluatedAt: string;
  checks: ReportEmailCheck[];
  statusPageUrl: string | null;
  unsubscribeUrl: string;
}

const COLOURS: Record<string, string> = {
  PASSED: "#2e7d32",
  WARNING: "#f9a825",
  FAILED: "#c62828",
  STALE: "#ef6c00",
  UNKNOWN: "#757575",
};

function reportDocument(input: ReportEmailInput): ReactNode {
  const colour = (status: string) => COLOURS[status] ?? "#757575";
  return h(
    Html,
    { lang: "en" },
    h(Head, null),
    h(Preview, null, `${input.title}: ${input.statusLabel}`),
    h(
      Body,
      { style: { fontFamily: "Helvetica, Arial, sans-serif", backgroundColor: "#f6f6f6" } },
      h(
        Container,
        { style: { backgroundColor: "#ffffff", padding: "24px", maxWidth: "600px" } },
        h(Heading, { as: "h2", style: { margin: "0 0 8px" } }, input.title),
        h(
          Text,
          { style: { fontSize: "18px", fontWeight: "bold", color: colour(input.status), margin: "0" } },
          input.statusLabel,
        ),
        h(Text, { style: { color: "#555555" } }, `Evaluated ${input.evaluatedAt}`),
        input.description ? h(Text, null, input.description) : null,
        h(Hr, null),
        ...input.checks.map((check, index) =>
          h(
            Section,
            { key: String(index), style: { marginBottom: "12px" } },
            h(
              Text,
              { style: { margin: "0", fontWeight: "bold" } },
              h("span", { style: { color: colour(check.status) } }, check.statusLabel),
              `: ${check.label}`,
            ),
            h(Text, { style: { margin: "4px 0" } }, check.summary),
            ...check.evidence.map((line, lineIndex) =>
              h(
                Text,
                { key: String(lineIndex), style: { margin: "0", color: "#555555", fontSize: "13px" } },
                line,
              ),
            ),
          ),
        ),
        h(Hr, null),
        input.statusPageUrl ? h(Link, { href: input.statusPageUrl }, "Open the status page") : null,
        h(
          Text,
          { style: { color: "#888888", fontSize: "12px" } },
          "You receive this because you subscribed to this report. ",
          h(Link, { href: input.unsubscribeUrl }, "Unsubscribe"),
        ),
      ),
    ),
  );
}

export function reportEmailText(input: ReportEmailInput): string {
  const checks = input.checks.map((check) =>
    [
      `${check.statusLabel}: ${check.label}`,
      `  ${check.summary}`,
      ...check.evidence.map((line) => `  ${line}`),
    ].join("\n"),
  );
  return [
    `${input.title}: ${input.statusLabel}`,
    `Evaluated ${input.evaluatedAt}`,
    ...(input.description ? ["", input.description] : []),
    "",
    ...checks,
    "",
    ...(input.statusPageUrl ? [`Status page: ${input.statusPageUrl}`] : []),
    `Unsubscribe: ${input.unsubscribeUrl}`,
    "",
  ].join("\n");
}

/** The report e-mail: subject `[Failed] Sales ready`, HTML (React Email) and plain text. */
export async function reportEmail(input: ReportEmailInput): Promise<OutgoingEmail> {
  return {
    to: input.to,
    subject: input.subject.slice(0, 250),
    text: reportEmailText(input),
    html: await render(reportDocument(input)),
    organizationId: input.organizationId,
  };
}

/** The confirmation an outside subscriber must follow before receiving anything. */
export async function reportConfirmationEmail(input: {
  to: string;
  organizationId: string;
  reportTitle: string;
  confirmUrl: string;
}): Promise<OutgoingEmail> {
  const subject = `Confirm your subscription: ${input.reportTitle}`;
  const intro = `You were subscribed to the status report "${input.reportTitle}" on Skyport.`;
  const ignore = "If you did not expect this, ignore this e-mail: nothing will be sent to you.";
  const text = `${intro}\n\nConfirm to start receiving it: ${input.confirmUrl}\n\n${ignore}\n`;
  const html = await render(
    h(
      Html,
      { lang: "en" },
      h(Head, null),
      h(
        Body,
        { style: { fontFamily: "Helvetica, Arial, sans-serif" } },
        h(
          Container,
          null,
          h(Text, null, intro),
          h(Link, { href: input.confirmUrl }, "Confirm your subscription"),
          h(Text, { style: { color: "#888888" } }, ignore),
        ),
      ),
    ),
  );
  return { to: input.to, subject, text, html, organizationId: input.organizationId };
}
