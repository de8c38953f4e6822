import { createHmac, timingSafeEqual } from "node:crypto";
import { ValidationError } from "../shared/errors.ts";

/**
 * Invitation links are signed, not stored: the token is
 *   base64url("<invitationId>.<expiresAtSeconds>") + "." + base64url(HMAC-SHA256(secret, first part))
 * so the database holds nothing that would let a reader forge or replay a link, and a link
 * cannot be altered (id or expiry) without the secret.
 */
export interface InvitationLinkClaims {
  invitationId: string;
  /** Unix seconds. */
  expiresAt: number;
}

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const TOKEN_FIELD = "token";

function hmacOf(secret: string, payload: string): Buffer {
  return createHmac("sha256", `skyport:invitation:${secret}`).update(payload).digest();
}

export function expiresAtSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function signInvitationToken(secret: string, claims: InvitationLinkClaims): string {
  const payload = Buffer.from(`${claims.invitationId}.${claims.expiresAt}`).toString("base64url");
  return `${payload}.${hmacOf(secret, payload).toString("base64url")}`;
}

/**
 * Checks the signature and returns the claims. Any tampering (or a token signed with
 * another secret) is refused with the same message; expiry is checked by the caller against
 * the stored invitation, so that "expired" can be reported distinctly.
 */
export function verifyInvitationToken(secret: string, token: string): InvitationLinkClaims {
  const invalid = new ValidationError(
    TOKEN_FIELD,
    "this invitation link is not valid; check that it was copied completely",
  );
  const parts = token.trim().split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 512) throw invalid;
  const [payload, signature] = parts as [string, string];
  const expected = hmacOf(secret, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
  const decoded = Buffer.from(payload, "base64url").toString("utf8");
  const match = /^([A-Za-z0-9_-]{1,64})\.(\d{1,12})$/.exec(decoded);
  if (!match?.[1] || !match[2]) throw invalid;
  return { invitationId: match[1], expiresAt: Number(match[2]) };
}

/** The accept link people receive by email. */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/invitations/${token}`;
}
