import {
  apiTokenSchema,
  createApiTokenInput,
  createdApiTokenSchema,
  listApiTokensInput,
  pageSchema,
  revokeApiTokenInput,
} from "@skyport/domain";
import { defineRoute } from "../define.ts";

const tag = "API tokens";

export const apiTokenRoutes = [
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/api-tokens",
    operationId: "listApiTokens",
    summary: "API tokens (never their secrets); filter by workspaceId or deploymentId",
    tag,
    input: listApiTokensInput,
    output: pageSchema(apiTokenSchema),
    paginated: true,
    handle: ({ caller, input }) => caller.apiToken.list(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/api-tokens",
    operationId: "createApiToken",
    summary: "Create an API token; its secret is in this answer only",
    description:
      "A replay of this request with the same Idempotency-Key answers token: null: the secret is never stored and is shown once.",
    tag,
    input: createApiTokenInput,
    output: createdApiTokenSchema,
    idempotent: true,
    replayOmits: ["token"],
    handle: ({ caller, input }) => caller.apiToken.create(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/api-tokens/{apiTokenId}",
    operationId: "revokeApiToken",
    summary: "Revoke an API token; it stops working within 5 seconds",
    tag,
    input: revokeApiTokenInput,
    output: apiTokenSchema,
    handle: ({ caller, input }) => caller.apiToken.revoke(input),
  }),
];
