import { organizationSummarySchema } from "@skyport/domain";
// Signing up and in from scripts and the CLI. A session opened here is returned as a bearer
// token (the signed session cookie's value) instead of a cookie.
import { z } from "zod";
import type { TRPCContext } from "../../trpc/context.ts";
import { sessionUserSchema } from "../../trpc/routers/auth/schemas.ts";
import { authSignInInput } from "../../trpc/routers/auth/sign-in.ts";
import { authSignUpInput, authSignUpOutput } from "../../trpc/routers/auth/sign-up.ts";
import { defineRoute } from "../define.ts";
import { RestError } from "../errors.ts";

const SESSION_COOKIE = /^(?:__Secure-)?skyport\.session_token=([^;]+)/;

/** The session token the sign-in just set as a cookie, for use as `Authorization: Bearer`. */
function sessionTokenOf(ctx: TRPCContext): string {
  for (const cookie of ctx.resHeaders.getSetCookie()) {
    const match = SESSION_COOKIE.exec(cookie);
    if (match?.[1]) return decodeURIComponent(match[1]);
  }
  throw new RestError(500, "INTERNAL_SERVER_ERROR", "the session could not be opened");
}

const sessionSchema = z.object({
  /** Send as `Authorization: Bearer <sessionToken>`; valid for 7 days, renewed while used. */
  sessionToken: z.string(),
});

export const authRoutes = [
  defineRoute({
    method: "POST",
    path: "/auth/signup",
    operationId: "signUp",
    summary: "Create an account and its first organization, and open a session",
    description: "Local accounts only; a Skyport that signs people in with Clerk answers 412.",
    tag: "Authentication",
    auth: "public",
    extraResponses: { "412": "This Skyport signs people in with Clerk: no local accounts" },
    input: authSignUpInput,
    output: authSignUpOutput.extend(sessionSchema.shape),
    async handle({ caller, input, ctx }) {
      const signedUp = await caller.auth.signUp(input);
      return { ...signedUp, sessionToken: sessionTokenOf(ctx) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/auth/sessions",
    operationId: "signIn",
    summary: "Sign in with email and password and open a session",
    description: "Local accounts only. Wrong email and wrong password answer the same 401.",
    tag: "Authentication",
    auth: "public",
    extraResponses: {
      "401": "The email or the password is wrong (the same answer for both)",
      "412": "This Skyport signs people in with Clerk: no local accounts",
    },
    input: authSignInInput,
    output: z.object({ user: sessionUserSchema }).extend(sessionSchema.shape),
    async handle({ caller, input, ctx }) {
      const { user } = await caller.auth.signIn(input);
      return { user, sessionToken: sessionTokenOf(ctx) };
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/auth/session",
    operationId: "signOut",
    summary: "End the session this request is authenticated with",
    tag: "Authentication",
    input: z.object({}),
    output: z.null(),
    status: 204,
    async handle({ caller, ctx }) {
      if (ctx.actor?.type !== "user") {
        throw new RestError(
          400,
          "BAD_REQUEST",
          "this request is authenticated with an API token, not a session; revoke the token instead",
        );
      }
      await caller.auth.signOut();
      return null;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/me",
    operationId: "whoAmI",
    summary: "Who is calling: the signed-in user, or the API token and its scope",
    tag: "Authentication",
    input: z.object({}),
    output: z.discriminatedUnion("type", [
      z.object({ type: z.literal("user"), user: sessionUserSchema }),
      z.object({
        type: z.literal("apiToken"),
        apiToken: z.object({
          id: z.string(),
          name: z.string(),
          organizationId: z.string(),
          scope: z.enum(["ORGANIZATION", "WORKSPACE", "DEPLOYMENT"]),
          workspaceId: z.string().nullable(),
          deploymentId: z.string().nullable(),
          role: z.string(),
        }),
      }),
    ]),
    async handle({ caller, ctx }) {
      const actor = ctx.actor;
      if (actor?.type === "apiToken") {
        return {
          type: "apiToken" as const,
          apiToken: {
            id: actor.tokenId,
            name: actor.name ?? actor.label,
            organizationId: actor.organizationId,
            scope: actor.scope,
            workspaceId: actor.workspaceId,
            deploymentId: actor.deploymentId,
            role: actor.role,
          },
        };
      }
      const user = await caller.auth.me();
      if (!user) throw new RestError(401, "UNAUTHORIZED", "sign in or send an API token");
      return { type: "user" as const, user };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/organizations",
    operationId: "listOrganizations",
    summary: "The organizations the caller belongs to (an API token: its own)",
    tag: "Organizations",
    input: z.object({}),
    output: z.array(organizationSummarySchema),
    paginated: true,
    handle: ({ caller }) => caller.organization.listMine(),
  }),
];
