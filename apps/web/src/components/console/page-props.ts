// What Next hands the console's pages and layouts, by the resource their path names.

/** The query string, as Next parses it. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export interface OrganizationPageProps {
  params: Promise<{ organizationId: string }>;
  searchParams: SearchParams;
}

export interface WorkspacePageProps {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}

export interface DeploymentPageProps {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}
