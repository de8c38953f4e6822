export type TokenScope = "ORGANIZATION" | "WORKSPACE" | "DEPLOYMENT";

export interface RoleOption {
  value: string;
  label: string;
  description: string;
}

export const SCOPE_LABELS: Record<TokenScope, string> = {
  ORGANIZATION: "Organization",
  WORKSPACE: "Workspace",
  DEPLOYMENT: "Deployment",
};
