import { Webhook, WebhookVerificationError } from "svix";

/** The headers Svix signs every Clerk webhook delivery with. */
export const SVIX_HEADERS = ["svix-id", "svix-timestamp", "svix-signature"] as const;

export type ClerkWebhookVerification =
  | {
      ok: true;
      /** Svix's delivery id: the same for every retry of one message, so replays are recognisable. */
      svixId: string;
      /** The parsed JSON body, still untrusted in shape (the domain validates it). */
      payload: unknown;
    }
  | { ok: false; problem: string };

/**
 * Verifies a Clerk webhook delivery: the Svix signature over `${svix-id}.${svix-timestamp}.${body}`
 * with the endpoint's signing secret, and a timestamp within five minutes of now (svix's
 * tolerance, which bounds how long a captured request can be replayed). `rawBody` must be
 * the exact bytes received: re-serialised JSON would not match the signature.
 */
export function verifyClerkWebhook(
  signingSecret: string,
  rawBody: string,
  headers: Headers,
): ClerkWebhookVerification {
  const values: Record<string, string> = {};
  for (const name of SVIX_HEADERS) {
    const value = headers.get(name);
    if (!value) return { ok: false, problem: `the ${name} header is missing` };
    values[name] = value;
  }
  const svixId = values["svix-id"] as string;
  if (!/^\d+$/.test(values["svix-timestamp"] as string))
    return { ok: false, problem: "the svix-timestamp header is not a Unix timestamp in seconds" };
  try {
    const payload = new Webhook(signingSecret).verify(rawBody, values);
    return { ok: true, svixId, payload };
  } catch (error) {
    if (error instanceof WebhookVerificationError)
      return { ok: false, problem: describeFailure(error.message) };
    // A correctly signed body that is not JSON: svix parses after checking the signature.
    if (error instanceof SyntaxError) return { ok: false, problem: "the body is not JSON" };
    throw error;
  }
}

function describeFailure(message: string): string {
  switch (message) {
    case "Message timestamp too old":
      return "the svix-timestamp header is more than 5 minutes old";
    case "Message timestamp too new":
      return "the svix-timestamp header is more than 5 minutes in the future";
    case "No matching signature found":
      return "the svix-signature header does not match the body (wrong signing secret or altered body)";
    default:
      return `the Svix signature could not be verified (${message})`;
  }
}
