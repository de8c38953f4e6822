// The links of status reports, derived from SKYPORT_SECRET rather than stored:
//  - subscriber links (confirm, unsubscribe): "<purpose>.<subscriberId>.<expiresAtSeconds>" in
//    base64url, a dot, and its HMAC-SHA256; a changed purpose, id or expiry breaks the signature;
//  - status page tokens: HMAC of the report id and its link version, so the worker can put the
//    link into e-mails while the database keeps only its sha256; revoking bumps the version.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { NotFoundError } from "../shared/errors.ts";

export type SubscriberLinkPurpose = "confirm" | "unsubscribe";
export const CONFIRM_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const UNSUBSCRIBE_LINK_TTL_MS = 365 * 24 * 60 * 60 * 1000;

function mac(secret: string, scope: string, payload: string): Buffer {
  return createHmac("sha256", `skyport:${scope}:${secret}`).update(payload).digest();
}

export function signSubscriberLink(
  secret: string,
  claims: { purpose: SubscriberLinkPurpose; subscriberId: string; expiresAt: Date },
): string {
  const payload = Buffer.from(
    `${claims.purpose}.${claims.subscriberId}.${Math.floor(claims.expiresAt.getTime() / 1000)}`,
  ).toString("base64url");
  return `${payload}.${mac(secret, "report-subscriber", payload).toString("base64url")}`;
}

/**
 * The subscriber id of a valid, unexpired link for `purpose`. Forged, altered, expired or
 * wrong-purpose links are all refused alike (NOT_FOUND), so a link tells nothing it does not grant.
 */
export function verifySubscriberLink(
  secret: string,
  token: string,
  purpose: SubscriberLinkPurpose,
  now: Date,
): string {
  const refused = new NotFoundError("subscription link");
  const [payload, signature, extra] = token.trim().split(".");
  if (!payload || !signature || extra !== undefined || token.length > 512) throw refused;
  const expected = mac(secret, "report-subscriber", payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused;
  const match = /^(confirm|unsubscribe)\.([A-Za-z0-9_-]{1,64})\.(\d{1,12})$/.exec(
    Buffer.from(payload, "base64url").toString("utf8"),
  );
  if (!match || match[1] !== purpose) throw refused;
  if (Number(match[3]) * 1000 <= now.getTime()) throw refused;
  return match[2] as string;
}

export function subscriberLinkUrl(publicUrl: string, purpose: SubscriberLinkPurpose, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/reports/${purpose}/${token}`;
}

/** The report's status page token for a link version (unguessable without the secret). */
export function statusTokenOf(secret: string, reportId: string, version: number): string {
  return `st_${mac(secret, "report-status", `${reportId}.${version}`).toString("base64url")}`;
}

export function hashStatusToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function statusPageUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/status/${token}`;
}
