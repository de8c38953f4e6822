// Workspaces: the contracts of their operations (inputs as requests send them, views as
// callers receive them). tRPC, REST/OpenAPI and console forms use these; nothing redeclares them.
import { z } from "zod";
import { WORKSPACE_ROLES } from "../authz/roles.ts";
import {
  choiceField,
  nameAndDescriptionInput,
  namedResourceSchema,
  organizationRefSchema,
  renameInput,
  workspaceRefSchema,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

export const workspaceRoleSchema = choiceField("role", "Workspace role", WORKSPACE_ROLES);

export const workspaceSchema = namedResourceSchema;
export type Workspace = z.output<typeof workspaceSchema>;

/** A workspace as one caller sees it: with their effective role there. */
export const workspaceSummarySchema = workspaceSchema.extend({
  role: workspaceRoleSchema.nullable().describe("The caller's effective role in the workspace"),
});
export type WorkspaceSummary = z.output<typeof workspaceSummarySchema>;

export const workspaceDetailsSchema = workspaceSummarySchema.extend({
  /** Deployments that still exist (not DELETED); a workspace with any cannot be deleted. */
  deploymentCount: z.number().int(),
  /** What the caller may do here, straight from the permission table. */
  can: z.object({ update: z.boolean(), delete: z.boolean(), manageMembers: z.boolean() }),
});
export type WorkspaceDetails = z.output<typeof workspaceDetailsSchema>;

export const listWorkspacesInput = organizationRefSchema.extend(pageInputShape);
export const getWorkspaceInput = workspaceRefSchema;
export const deleteWorkspaceInput = workspaceRefSchema;
export const deletedSchema = z.object({ id: z.string() });

export const createWorkspaceInput = organizationRefSchema.extend(nameAndDescriptionInput.shape);
export type CreateWorkspaceInput = z.output<typeof createWorkspaceInput>;

/** Renames a workspace and/or changes its description: what is left out stays. */
export const updateWorkspaceInput = workspaceRefSchema.extend(renameInput.shape);
export type UpdateWorkspaceInput = z.output<typeof updateWorkspaceInput>;
