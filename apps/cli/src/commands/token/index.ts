import type { Command } from "commander";
import { idempotent, type OrganizationList, type OwnerFilter, ok } from "../../api/client.ts";
import { type ApiToken, type BodyOf, everyOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Column } from "../../output.ts";
import { namedLookup, requireOne } from "../../resolve.ts";
import { resolveDeployment } from "../deployment/resolve.ts";
import { choiceOption, days, given, inOrganization, note, print, shortTime } from "../shared.ts";
import { resolveWorkspace } from "../workspace/resolve.ts";

type Scope = BodyOf<"createApiToken">["scope"];
type Role = BodyOf<"createApiToken">["role"];
const SCOPES = everyOf<Scope>()(["ORGANIZATION", "WORKSPACE", "DEPLOYMENT"]).map((s) => s.toLowerCase());

const columns: Column<ApiToken>[] = [
  { header: "Name", value: (t) => t.name },
  { header: "ID", value: (t) => t.id },
  { header: "Scope", value: (t) => t.scope },
  { header: "Role", value: (t) => t.role },
  { header: "For", value: (t) => t.deploymentName ?? t.workspaceName ?? "" },
  { header: "Status", value: (t) => t.status },
  { header: "Expires", value: (t) => (t.expiresAt ? shortTime(t.expiresAt) : "never") },
  { header: "Last used", value: (t) => shortTime(t.lastUsedAt) },
];

const tokenLookup = namedLookup<ApiToken>(
  "API token",
  "in this organization",
  (t) => `${t.scope}, ${t.status}`,
);

interface CreateOptions {
  name: string;
  description?: string;
  scope: Scope;
  workspaceId?: string;
  deploymentId?: string;
  role: Role;
  expiresIn?: number;
}

export function registerTokenCommands(program: Command, context: CliContext): void {
  const token = defineGroup(program, "token", "API tokens for scripts and CI");

  defineCommand(token, "create", "create an API token; its secret is printed once", { prints: true })
    .requiredOption("--name <name>", "what the token is for, e.g. ci-deploys")
    .addOption(choiceOption("--scope <scope>", "what it may act on", SCOPES, { required: true }))
    .requiredOption("--role <role>", "its role within the scope, e.g. WORKSPACE_OPERATOR", (v) =>
      v.toUpperCase(),
    )
    .option("--workspace-id <ID|NAME>", "the workspace (workspace scope; default: the current one)")
    .option("--deployment-id <ID|NAME>", "the deployment (deployment scope)")
    .option("--expires-in <days>", "lifetime, e.g. 30d or 12w (default: the server's maximum)", days)
    .option("--description <text>", "a longer note about the token")
    .addHelpText(
      "after",
      "\nThe secret is shown only in this command's output (with -o json, as the field `token`).\n" +
        "Store it somewhere safe, e.g. as SKYPORT_API_TOKEN in your CI's secrets.",
    )
    .action(
      inOrganization(context, async (session, organizationId, options: CreateOptions) => {
        const scope = options.scope;
        if (scope !== "DEPLOYMENT" && options.deploymentId) {
          throw new CliError("--deployment-id goes with --scope deployment", ExitCode.Usage);
        }
        if (scope === "ORGANIZATION" && options.workspaceId) {
          throw new CliError("--workspace-id goes with --scope workspace", ExitCode.Usage);
        }
        let workspaceId: string | undefined;
        let deploymentId: string | undefined;
        if (scope === "WORKSPACE") {
          workspaceId = options.workspaceId
            ? (await resolveWorkspace(session, organizationId, options.workspaceId)).id
            : await session.workspaceId();
        }
        if (scope === "DEPLOYMENT") {
          if (!options.deploymentId)
            throw new CliError("--scope deployment needs --deployment-id", ExitCode.Usage);
          deploymentId = (await resolveDeployment(session, options.deploymentId)).id;
        }
        const answer = await ok(
          session.api.POST("/organizations/{organizationId}/api-tokens", {
            params: { path: { organizationId }, header: idempotent() },
            body: {
              name: options.name,
              scope,
              role: options.role,
              ...given({
                workspaceId,
                deploymentId,
                expiresInDays: options.expiresIn,
                description: options.description,
              }),
            },
          }),
        );
        if (answer.token === null) {
          // The first answer was lost and the retry was answered from the server's idempotency
          // record, which never keeps a secret: the token exists but nobody has its secret.
          throw new CliError(
            `API token “${answer.apiToken.name}” (${answer.apiToken.id}) was created, but its secret was lost ` +
              "in transit and the server never shows it again: revoke it with " +
              `\`skyport token revoke ${answer.apiToken.id}\` and create another`,
          );
        }
        if (session.output === "table") {
          print(session, { data: answer, columns, rows: [answer.apiToken] });
          context.io.out(`\n${answer.token}\n`);
          note(
            session,
            "\nThis is the only time the token is shown. Keep it secret, e.g. in your CI's secrets.",
          );
        } else {
          print(session, { data: answer, columns, rows: [answer.apiToken] });
        }
      }),
    );

  defineCommand(token, "list", "list API tokens (never their secrets)", { prints: true })
    .option("--workspace-id <ID|NAME>", "only the tokens of this workspace")
    .option("--deployment-id <ID|NAME>", "only the tokens of this deployment")
    .action(
      inOrganization(
        context,
        async (session, organizationId, options: { workspaceId?: string; deploymentId?: string }) => {
          const filter: { workspaceId?: string; deploymentId?: string } = {};
          if (options.workspaceId) {
            filter.workspaceId = (await resolveWorkspace(session, organizationId, options.workspaceId)).id;
          }
          if (options.deploymentId)
            filter.deploymentId = (await resolveDeployment(session, options.deploymentId)).id;
          const tokens = await listTokens(session.authenticated(), organizationId, filter);
          print(session, { data: tokens, columns, rows: tokens });
        },
      ),
    );

  defineCommand(token, "revoke <ID|NAME>", "revoke an API token; it stops working within 5 seconds", {
    prints: true,
  }).action(
    inOrganization(context, async (session, organizationId, wanted: string) => {
      const client = session.authenticated();
      const tokens = await listTokens(client, organizationId, {});
      // Names may repeat among revoked tokens; only an active one is worth revoking.
      const target = requireOne(
        tokenLookup,
        tokens.filter((t) => t.id === wanted || t.status === "ACTIVE"),
        wanted,
      );
      const revoked = await ok(
        client.api.DELETE("/organizations/{organizationId}/api-tokens/{apiTokenId}", {
          params: { path: { organizationId, apiTokenId: target.id } },
        }),
      );
      note(session, `Revoked API token “${revoked.name}”.`);
      print(session, { data: revoked, columns, rows: [revoked] });
    }),
  );
}

const listTokens: OrganizationList<ApiToken, OwnerFilter> = (client, organizationId, filter) =>
  client.every({ organizationId }, filter, (request) =>
    client.api.GET("/organizations/{organizationId}/api-tokens", request),
  );
