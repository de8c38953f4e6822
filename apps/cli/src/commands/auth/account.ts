// Who the CLI acts as and where: printed by whoami, login and signup.
import { ok } from "../../api/client.ts";
import type { Me } from "../../api/types.ts";
import type { PrintableDetails } from "../../output.ts";
import type { Session } from "../../session.ts";

export interface Account {
  apiUrl: string;
  type: Me["type"];
  user: Extract<Me, { type: "user" }>["user"] | null;
  apiToken: Extract<Me, { type: "apiToken" }>["apiToken"] | null;
  organization: { id: string; name: string } | null;
  workspace: { id: string; name: string } | null;
}

/**
 * The caller and their current organization and workspace. A context that cannot be settled
 * (several organizations, none chosen) shows as null rather than failing: this is where people
 * look to find out.
 */
export async function currentAccount(session: Session): Promise<Account> {
  const me = await session.me();
  const client = session.authenticated();
  let organization: Account["organization"] = null;
  let workspace: Account["workspace"] = null;
  const organizationId = await session.organizationId().catch(() => null);
  if (organizationId) {
    const summary = (await session.organizations().catch(() => [])).find((o) => o.id === organizationId);
    organization = { id: organizationId, name: summary?.name ?? "" };
    const workspaceId = await session.workspaceId().catch(() => null);
    if (workspaceId) {
      const found = await ok(
        client.api.GET("/organizations/{organizationId}/workspaces/{workspaceId}", {
          params: { path: { organizationId, workspaceId } },
        }),
      ).catch(() => null);
      workspace = { id: workspaceId, name: found?.name ?? "" };
    }
  }
  return {
    apiUrl: session.apiUrl,
    type: me.type,
    user: me.type === "user" ? me.user : null,
    apiToken: me.type === "apiToken" ? me.apiToken : null,
    organization,
    workspace,
  };
}

export function accountPrintable(account: Account): PrintableDetails {
  const token = account.apiToken;
  return {
    data: account,
    details: [
      { label: "API URL", value: account.apiUrl },
      ...(account.user
        ? [
            { label: "User", value: `${account.user.name} <${account.user.email}>` },
            { label: "User ID", value: account.user.id },
          ]
        : []),
      ...(token
        ? [
            { label: "API token", value: `${token.name} (${token.id})` },
            { label: "Scope", value: token.scope },
            { label: "Role", value: token.role },
          ]
        : []),
      {
        label: "Organization",
        value: account.organization
          ? `${account.organization.name} (${account.organization.id})`
          : "none chosen (skyport organization switch)",
      },
      {
        label: "Workspace",
        value: account.workspace
          ? `${account.workspace.name || "?"} (${account.workspace.id})`
          : "none chosen (skyport workspace switch)",
      },
    ],
  };
}
