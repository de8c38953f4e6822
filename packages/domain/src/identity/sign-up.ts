import { hashPassword } from "@skyport/auth";
import type { PrismaClient, TransactionClient } from "@skyport/db";
import { insertOrganization } from "../organizations/organizations.ts";
import { validateOrganizationName } from "../organizations/validation.ts";
import type { Actor, RequestContext } from "../shared/actor.ts";
import { ConflictError } from "../shared/errors.ts";
import { auditWithoutRole } from "../shared/mutation.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import { normalizeEmail, normalizeName, validatePassword } from "./credentials.ts";
import type { AuthRateLimiter } from "./rate-limit.ts";

/** Sign-up has no actor yet: the person signing up becomes one inside the transaction. */
export interface SignUpContext {
  db: PrismaClient;
  context: RequestContext;
  /** Counts the attempt against the caller's ip (omitted in tests of the rules themselves). */
  rateLimiter?: AuthRateLimiter;
}

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  organizationName: string;
}

export interface SignedUp {
  user: { id: string; email: string; name: string };
  organization: { id: string; name: string; slug: string };
}

const DUPLICATE_EMAIL = "an account with this email already exists; sign in instead";

export function userActorOf(user: { id: string; email: string }): Actor {
  return { type: "user", userId: user.id, label: user.email };
}

/** Refuses an email that already has an account, before any write. */
export async function assertEmailFree(db: PrismaClient | TransactionClient, email: string): Promise<void> {
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new ConflictError(DUPLICATE_EMAIL, "email");
}

/** Creates the user and their password credentials (better-auth's Account row) in a transaction. */
export async function insertUserWithPassword(
  tx: TransactionClient,
  input: { email: string; name: string; passwordHash: string },
): Promise<{ id: string; email: string; name: string }> {
  try {
    const user = await tx.user.create({
      data: { email: input.email, name: input.name },
      select: { id: true, email: true, name: true },
    });
    await tx.account.create({
      data: { userId: user.id, providerId: "credential", accountId: user.id, password: input.passwordHash },
    });
    return user;
  } catch (error) {
    // Two sign-ups with one email at the same moment: the unique index decides.
    if (isUniqueViolation(error)) throw new ConflictError(DUPLICATE_EMAIL, "email");
    throw error;
  }
}

/**
 * Signs a person up: their user, password, first organization (with them as
 * ORGANIZATION_OWNER) and the audit event, all in one transaction, so a failure at any step
 * writes nothing.
 */
export async function signUp(ctx: SignUpContext, input: SignUpInput): Promise<SignedUp> {
  await ctx.rateLimiter?.beginSignUp(ctx.context.ip);
  const email = normalizeEmail(input.email);
  const name = normalizeName(input.name);
  validatePassword(input.password, email);
  const organizationName = validateOrganizationName(input.organizationName, "organizationName");
  await assertEmailFree(ctx.db, email);
  // scrypt is deliberately slow: hash before the transaction opens.
  const passwordHash = await hashPassword(input.password);

  return ctx.db.$transaction(async (tx) => {
    const user = await insertUserWithPassword(tx, { email, name, passwordHash });
    const organization = await insertOrganization(tx, organizationName);
    await tx.organizationMembership.create({
      data: { organizationId: organization.id, userId: user.id, role: "ORGANIZATION_OWNER" },
    });
    await auditWithoutRole(tx, "sign-up", {
      organizationId: organization.id,
      actor: userActorOf(user),
      context: ctx.context,
      action: "organization.create",
      targets: [
        { type: "organization", id: organization.id, label: organization.name },
        { type: "user", id: user.id, label: user.email },
      ],
      metadata: { name: organization.name, slug: organization.slug, via: "sign-up" },
    });
    return { user, organization };
  });
}
