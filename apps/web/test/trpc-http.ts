// Shared helpers for web tests that look at tRPC errors, mint API tokens, or call the real
// tRPC HTTP route with a bearer token.
import type { OrganizationRole, PrismaClient, WorkspaceRole } from "@skyport/db";
import { generateApiTokenSecret } from "@skyport/domain";
import { TRPCError } from "@trpc/server";
import { POST as trpcPost } from "../app/api/trpc/[trpc]/route.ts";

/** The TRPCError a call rejects with (anything else fails the test). */
export async function trpcError(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** "OK" when the call resolves, else its TRPCError's code. */
export async function trpcCode(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : `unexpected: ${String(error)}`),
  );
}

export type TokenGrant =
  | { organizationId: string; scope: "ORGANIZATION"; role: OrganizationRole }
  | {
      organizationId: string;
      scope: "WORKSPACE";
      workspaceId: string;
      role: WorkspaceRole;
    };

/** Stores an API token with this grant and returns its secret, for calls over HTTP. */
export async function apiToken(db: PrismaClient, grant: TokenGrant, name = "test"): Promise<string> {
  const { secret, prefix, secretHash } = generateApiTokenSecret();
  await db.apiToken.create({ data: { ...grant, name, prefix, secretHash } });
  return secret;
}

/** An organization-owner API token for the organization. */
export function ownerToken(db: PrismaClient, organizationId: string): Promise<string> {
  return apiToken(db, { organizationId, scope: "ORGANIZATION", role: "ORGANIZATION_OWNER" });
}

/** POSTs a mutation through the real tRPC route; answers the status, raw body and error data. */
export async function postOverHttp(path: string, token: string, input: unknown) {
  const response = await trpcPost(
    new Request(`http://localhost:3000/api/trpc/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ json: input }),
    }),
    { params: Promise.resolve({ trpc: path }) },
  );
  const text = await response.text();
  const body = JSON.parse(text) as {
    error?: {
      json: { message: string; data: { field: string | null; fieldErrors: Record<string, string[]> | null } };
    };
  };
  return { status: response.status, text, error: body.error?.json };
}
