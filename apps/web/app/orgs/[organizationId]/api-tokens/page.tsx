import { API_TOKEN_ROLES, describeTokenRole } from "@skyport/domain";
import type { Metadata } from "next";
import Link from "next/link";
import { ApiTokenTable } from "@/components/api-tokens/api-token-table.tsx";
import { CreateApiTokenForm } from "@/components/api-tokens/create-api-token-form.tsx";
import type { RoleOption, TokenScope } from "@/components/api-tokens/types.ts";
import type { OrganizationPageProps } from "@/components/console/page-props.ts";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { loadAllPages } from "@/components/pagination.tsx";
import { RefusedPage } from "@/components/refused-page.tsx";
import { roleLabel } from "@/components/roles.ts";
import { getServerCaller, loadForPage, loadUnlessRefused, REFUSED } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "API tokens" };

const ROLE_OPTIONS = Object.fromEntries(
  (Object.keys(API_TOKEN_ROLES) as TokenScope[]).map((scope) => [
    scope,
    API_TOKEN_ROLES[scope].map((role) => ({
      value: role,
      label: roleLabel(role),
      description: describeTokenRole(role),
    })),
  ]),
) as Record<TokenScope, RoleOption[]>;

/**
 * Organization owners see and mint every token; workspace owners manage the tokens of the
 * workspaces they own (`?workspace=<id>` picks one). Everyone else gets the server's reason.
 */
export default async function ApiTokensPage({ params, searchParams }: OrganizationPageProps) {
  const { organizationId } = await params;
  const query = await searchParams;
  const requestedWorkspace = typeof query.workspace === "string" ? query.workspace : null;
  const caller = await getServerCaller();

  const [organizations, workspaces] = await Promise.all([
    loadForPage(caller.organization.listMine()),
    loadForPage(loadAllPages((page) => caller.workspace.list({ organizationId, ...page }))),
  ]);
  const isOwner = organizations.find((o) => o.id === organizationId)?.role === "ORGANIZATION_OWNER";
  const ownedWorkspaces = workspaces
    .filter((w) => w.role === "WORKSPACE_OWNER")
    .map((w) => ({ id: w.id, name: w.name }));
  const selectedWorkspace =
    ownedWorkspaces.find((w) => w.id === requestedWorkspace) ??
    (isOwner ? null : (ownedWorkspaces[0] ?? null));

  const header = (
    <PageHeader
      title="API tokens"
      description="Tokens let scripts, CI and the skyport CLI call Skyport's API as a role you choose, scoped to the organization, a workspace or a deployment. Send them as Authorization: Bearer."
    />
  );

  const tokens = await loadUnlessRefused(
    loadAllPages((page) =>
      caller.apiToken.list({ organizationId, workspaceId: selectedWorkspace?.id ?? null, ...page }),
    ),
  );
  if (tokens === REFUSED) {
    return (
      <RefusedPage
        header={header}
        reason="Only owners manage API tokens"
        message="Organization owners manage the organization's tokens, and workspace owners the tokens of their workspaces. Ask an owner if a script or CI job needs one."
      />
    );
  }

  const scopes: TokenScope[] = isOwner
    ? ["ORGANIZATION", "WORKSPACE", "DEPLOYMENT"]
    : ["WORKSPACE", "DEPLOYMENT"];
  const filterOptions = isOwner ? [{ id: null, name: "All tokens" }, ...ownedWorkspaces] : ownedWorkspaces;

  return (
    <div className="space-y-6">
      {header}

      <Section
        id="create-token-heading"
        title="Create a token"
        description="The secret is shown once, right after you create it. Skyport stores only a hash."
      >
        <CreateApiTokenForm
          organizationId={organizationId}
          scopes={scopes}
          roles={ROLE_OPTIONS}
          workspaces={
            selectedWorkspace
              ? [selectedWorkspace, ...ownedWorkspaces.filter((w) => w.id !== selectedWorkspace.id)]
              : ownedWorkspaces
          }
        />
      </Section>

      <Section
        id="tokens-heading"
        title={selectedWorkspace ? `Tokens of ${selectedWorkspace.name}` : "Tokens"}
        description={
          selectedWorkspace
            ? "Workspace tokens and the tokens of its deployments, newest first."
            : "Every token of the organization, newest first, including revoked and expired ones."
        }
      >
        {filterOptions.length > 1 ? (
          <nav aria-label="Show tokens of" className="border-b border-line px-5 py-3">
            <ul className="flex flex-wrap gap-2 text-sm">
              {filterOptions.map((option) => {
                const current = (selectedWorkspace?.id ?? null) === option.id;
                return (
                  <li key={option.id ?? "all"}>
                    <Link
                      href={
                        option.id
                          ? `/orgs/${organizationId}/api-tokens?workspace=${encodeURIComponent(option.id)}`
                          : `/orgs/${organizationId}/api-tokens`
                      }
                      aria-current={current ? "page" : undefined}
                      className={`inline-block rounded-full px-3 py-1 ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 ${
                        current
                          ? "bg-accent-soft text-info-fg ring-sky-600/40"
                          : "text-fg ring-line-strong hover:bg-surface-muted"
                      }`}
                    >
                      {option.name}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
        <ApiTokenTable organizationId={organizationId} tokens={tokens} />
      </Section>
    </div>
  );
}
