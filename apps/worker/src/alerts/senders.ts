// The notification channels at their protocol boundary: Slack incoming webhooks (Block Kit, via
// @slack/webhook), PagerDuty Events API v2, Opsgenie Alert API, Standard Webhooks (signed with
// the `standardwebhooks` library) and e-mail through the mailer. Each send answers whether it
// was delivered, the HTTP status, whether a retry may help and how long the receiver asked to
// wait (429 Retry-After). Errors are described without URLs or keys.
import type { AlertMessage, ChannelSecret } from "@skyport/domain";
import type { Mailer, OutgoingEmail } from "@skyport/mail";
import { IncomingWebhook } from "@slack/webhook";
import { Webhook } from "standardwebhooks";

export interface ChannelEndpoints {
  /** PagerDuty Events API v2 enqueue URL. */
  pagerDuty: string;
  /** Opsgenie API base URL per region. */
  opsgenie: { US: string; EU: string };
}

export const DEFAULT_ENDPOINTS: ChannelEndpoints = {
  pagerDuty: "https://events.pagerduty.com/v2/enqueue",
  opsgenie: { US: "https://api.opsgenie.com", EU: "https://api.eu.opsgenie.com" },
};

export interface SendResult {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  /** A later attempt may succeed (network error, timeout, 408, 429, 5xx). */
  retriable: boolean;
  /** The receiver's Retry-After, in milliseconds. */
  retryAfterMs: number | null;
}

export interface SendDependencies {
  mailer: Mailer;
  endpoints: ChannelEndpoints;
  timeoutMs: number;
}

const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Retry-After as seconds or an HTTP date, capped at an hour. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

function outcomeOf(status: number, retryAfter: string | null): SendResult {
  if (status >= 200 && status < 300) {
    return { delivered: true, statusCode: status, error: null, retriable: false, retryAfterMs: null };
  }
  const retriable = status === 408 || status === 429 || status >= 500;
  return {
    delivered: false,
    statusCode: status,
    error: `the receiver answered HTTP ${status}`,
    retriable,
    retryAfterMs: retriable ? parseRetryAfter(retryAfter) : null,
  };
}

function networkFailure(error: unknown): SendResult {
  const name = error instanceof Error ? error.name : "";
  const timedOut = name === "TimeoutError" || name === "AbortError";
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const code = (cause as { code?: string } | null)?.code;
  return {
    delivered: false,
    statusCode: null,
    error: timedOut ? "the receiver did not answer in time" : `the request failed${code ? ` (${code})` : ""}`,
    retriable: true,
    retryAfterMs: null,
  };
}

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return outcomeOf(response.status, response.headers.get("retry-after"));
  } catch (error) {
    return networkFailure(error);
  }
}

export function eventType(message: AlertMessage): "alert.triggered" | "alert.resolved" | "alert.test" {
  if (message.event === "TEST") return "alert.test";
  return message.event === "RESOLVE" ? "alert.resolved" : "alert.triggered";
}

/** One line saying what happened. */
export function headline(message: AlertMessage): string {
  if (message.event === "TEST" || !message.incident) {
    return `Test notification from Skyport for channel "${message.channel.name}"`;
  }
  const prefix = message.event === "RESOLVE" ? "Resolved" : message.incident.severity;
  return `[${prefix}] ${message.incident.summary}`;
}

/** The documented webhook payload (docs/alerts.md): ids first, so receivers can de-duplicate. */
export function webhookPayload(message: AlertMessage) {
  const { incident } = message;
  return {
    type: eventType(message),
    deliveryId: message.deliveryId,
    timestamp: new Date().toISOString(),
    data: {
      organizationId: message.organizationId,
      channel: { id: message.channel.id, name: message.channel.name },
      rule: message.rule,
      deployment: message.deployment,
      // The message's incident is the documented one field for field; only times become text.
      incident: incident
        ? {
            ...incident,
            openedAt: incident.openedAt.toISOString(),
            resolvedAt: incident.resolvedAt?.toISOString() ?? null,
          }
        : null,
      url: message.consoleUrl,
    },
  };
}

function facts(message: AlertMessage): Array<[string, string]> {
  const { incident } = message;
  const rows: Array<[string, string]> = [];
  if (message.deployment) rows.push(["Deployment", message.deployment.name]);
  if (incident?.dagId) rows.push(["DAG", incident.dagId]);
  if (incident?.taskId) rows.push(["Task", incident.taskId]);
  if (incident?.runId) rows.push(["Run", incident.runId]);
  if (incident) rows.push(["Severity", incident.severity]);
  if (message.rule) rows.push(["Alert rule", message.rule.name]);
  if (incident?.resolveReason && message.event === "RESOLVE")
    rows.push(["Resolved because", incident.resolveReason]);
  return rows;
}

/** Slack mrkdwn treats &, < and > specially. */
function slackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function slackMessage(message: AlertMessage) {
  const title = headline(message);
  return {
    text: title,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150), emoji: false } },
      ...(facts(message).length > 0
        ? [
            {
              type: "section",
              fields: facts(message)
                .slice(0, 10)
                .map(([label, value]) => ({ type: "mrkdwn", text: `*${label}*\n${slackText(value)}` })),
            },
          ]
        : []),
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: message.incident?.runId ? "Open the run" : "Open in Skyport" },
            url: message.consoleUrl,
          },
        ],
      },
      { type: "context", elements: [{ type: "mrkdwn", text: `Skyport notification ${message.deliveryId}` }] },
    ],
  };
}

async function sendSlack(message: AlertMessage, url: string, deps: SendDependencies): Promise<SendResult> {
  return postSlack(slackMessage(message), url, deps.timeoutMs);
}

/** Posts one Slack message (text + Block Kit blocks) to an incoming webhook. */
export async function postSlack(
  payload: { text: string; blocks: unknown[] },
  url: string,
  timeoutMs: number,
): Promise<SendResult> {
  let retryAfter: string | null = null;
  let status: number | null = null;
  const webhook = new IncomingWebhook(url, {
    timeout: timeoutMs,
    // The library's HTTP error has no headers: keep the status and Retry-After from the response.
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      return response;
    },
  });
  try {
    await webhook.send(payload as Parameters<IncomingWebhook["send"]>[0]);
    return outcomeOf(status ?? 200, null);
  } catch (error) {
    if (status !== null) return outcomeOf(status, retryAfter);
    return networkFailure((error as { original?: unknown }).original ?? error);
  }
}

const PAGERDUTY_SEVERITY = { CRITICAL: "critical", WARNING: "warning", INFO: "info" } as const;

/** PagerDuty's dedup_key and Opsgenie's alias: one per incident (a test gets its own). */
export function incidentAlias(message: AlertMessage): string {
  return message.incident ? `skyport-${message.incident.id}` : `skyport-test-${message.deliveryId}`;
}

export function pagerDutyEvent(message: AlertMessage, routingKey: string) {
  const dedupKey = incidentAlias(message);
  if (message.event === "RESOLVE")
    return { routing_key: routingKey, event_action: "resolve", dedup_key: dedupKey };
  const { incident } = message;
  return {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: dedupKey,
    payload: {
      summary: headline(message).slice(0, 1024),
      source: message.deployment?.name ?? "skyport",
      severity: incident ? PAGERDUTY_SEVERITY[incident.severity] : "info",
      timestamp: (incident?.openedAt ?? new Date()).toISOString(),
      component: incident?.dagId ?? undefined,
      group: message.deployment?.id,
      class: message.rule?.type ?? "TEST",
      custom_details: { ...Object.fromEntries(facts(message)), deliveryId: message.deliveryId },
    },
    links: [{ href: message.consoleUrl, text: "Open in Skyport" }],
    client: "Skyport",
    client_url: message.consoleUrl,
  };
}

const OPSGENIE_PRIORITY = { CRITICAL: "P1", WARNING: "P3", INFO: "P5" } as const;

export function opsgenieRequest(message: AlertMessage, base: string): { url: string; body: unknown } {
  const alias = incidentAlias(message);
  if (message.event === "RESOLVE") {
    return {
      url: `${base}/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`,
      body: { source: "Skyport", note: message.incident?.resolveReason ?? "resolved" },
    };
  }
  return {
    url: `${base}/v2/alerts`,
    body: {
      message: headline(message).slice(0, 130),
      alias,
      description: `${headline(message)}\n\n${facts(message)
        .map(([label, value]) => `${label}: ${value}`)
        .join("\n")}\n\n${message.consoleUrl}`.slice(0, 15000),
      priority: message.incident ? OPSGENIE_PRIORITY[message.incident.severity] : "P5",
      source: "Skyport",
      entity: message.deployment?.name,
      tags: ["skyport", ...(message.rule ? [message.rule.type] : ["test"])],
      details: {
        ...Object.fromEntries(facts(message)),
        deliveryId: message.deliveryId,
        url: message.consoleUrl,
      },
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function alertEmail(message: AlertMessage, to: string) {
  const title = headline(message);
  const rows = facts(message);
  const text = `${title}\n\n${rows.map(([label, value]) => `${label}: ${value}`).join("\n")}\n\nOpen in Skyport: ${message.consoleUrl}\n\nNotification ${message.deliveryId}\n`;
  const html = `<!doctype html><html><body><h2>${escapeHtml(title)}</h2><table>${rows
    .map(
      ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join(
      "",
    )}</table><p><a href="${escapeHtml(message.consoleUrl)}">Open in Skyport</a></p><p style="color:#666">Notification ${escapeHtml(message.deliveryId)}</p></body></html>`;
  return {
    to,
    subject: `Skyport: ${title}`.slice(0, 250),
    text,
    html,
    organizationId: message.organizationId,
  };
}

/** Sends one e-mail; a refusal the server calls permanent (5xx) is not retried. */
export async function sendEmail(mailer: Mailer, email: OutgoingEmail): Promise<SendResult> {
  try {
    await mailer.send(email);
    return { delivered: true, statusCode: null, error: null, retriable: false, retryAfterMs: null };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    return {
      delivered: false,
      statusCode: null,
      error: `the mail server refused the message${code ? ` (${code})` : ""}`,
      retriable: code === undefined || code < 500,
      retryAfterMs: null,
    };
  }
}

/** Sends one notification through its channel. */
export async function sendNotification(
  message: AlertMessage,
  secret: ChannelSecret | null,
  deps: SendDependencies,
): Promise<SendResult> {
  if (message.channel.kind === "EMAIL") {
    const recipients = message.channel.recipients ?? [];
    return sendEmail(deps.mailer, alertEmail(message, recipients.join(", ")));
  }
  if (!secret) {
    return {
      delivered: false,
      statusCode: null,
      error: "the channel has no settings",
      retriable: false,
      retryAfterMs: null,
    };
  }
  switch (secret.kind) {
    case "SLACK":
      return sendSlack(message, secret.webhookUrl, deps);
    case "PAGERDUTY":
      return postJson(
        deps.endpoints.pagerDuty,
        pagerDutyEvent(message, secret.routingKey),
        {},
        deps.timeoutMs,
      );
    case "OPSGENIE": {
      const region = message.channel.region === "EU" ? "EU" : "US";
      const request = opsgenieRequest(message, deps.endpoints.opsgenie[region]);
      return postJson(
        request.url,
        request.body,
        { authorization: `GenieKey ${secret.apiKey}` },
        deps.timeoutMs,
      );
    }
    case "WEBHOOK": {
      const body = JSON.stringify(webhookPayload(message));
      const timestamp = new Date();
      const signature = new Webhook(secret.signingSecret).sign(message.deliveryId, timestamp, body);
      return postJson(
        secret.url,
        body,
        {
          "webhook-id": message.deliveryId,
          "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
          "webhook-signature": signature,
        },
        deps.timeoutMs,
      );
    }
    default: {
      const exhaustive: never = secret;
      return exhaustive;
    }
  }
}
