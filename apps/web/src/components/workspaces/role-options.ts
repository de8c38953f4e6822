import { asSentence } from "@skyport/ui";
import { roleLabel } from "@/components/roles.ts";

/** Workspace roles, strongest first, with what each adds (from the permission table). */
export const WORKSPACE_ROLE_OPTIONS = [
  {
    value: "WORKSPACE_OWNER",
    label: roleLabel("WORKSPACE_OWNER"),
    description: "Everything, including members, API tokens and deleting the workspace",
  },
  {
    value: "WORKSPACE_OPERATOR",
    label: roleLabel("WORKSPACE_OPERATOR"),
    description: "Create, change and delete deployments",
  },
  {
    value: "WORKSPACE_AUTHOR",
    label: roleLabel("WORKSPACE_AUTHOR"),
    description: "What members can, plus deploying DAG code",
  },
  {
    value: "WORKSPACE_MEMBER",
    label: roleLabel("WORKSPACE_MEMBER"),
    description: "See the workspace and its deployments",
  },
] as const;

export type WorkspaceRoleValue = (typeof WORKSPACE_ROLE_OPTIONS)[number]["value"];

/** Domain messages start in lower case; shown on their own they read better capitalised. */
export function sentence(message: string | undefined): string | undefined {
  return message ? asSentence(message) : message;
}
