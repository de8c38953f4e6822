// Role bindings: workspace roles and DEPLOYMENT_ADMIN granted to users or teams.
import { z } from "zod";
import {
  deploymentRefSchema,
  teamIdSchema,
  userIdSchema,
  userSummarySchema,
  workspaceRefSchema,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";
import { workspaceRoleSchema } from "../workspaces/workspaces.types.ts";

/** Who a role is granted to: exactly one user or one team of the organization. */
export const roleSubjectSchema = z
  .union([z.strictObject({ userId: userIdSchema }), z.strictObject({ teamId: teamIdSchema })], {
    error: "subject must name either a user (userId) or a team (teamId)",
  })
  .meta({ title: "User or team" });
export type RoleSubject = { userId: string; teamId?: undefined } | { teamId: string; userId?: undefined };

export const workspaceRoleChangeInput = workspaceRefSchema.extend({
  subject: roleSubjectSchema,
  role: workspaceRoleSchema,
});
export type WorkspaceRoleChange = z.output<typeof workspaceRoleChangeInput>;

export const workspaceRoleSubjectInput = workspaceRefSchema.extend({ subject: roleSubjectSchema });
export type WorkspaceRoleSubject = z.output<typeof workspaceRoleSubjectInput>;

export const workspaceBindingSchema = z.object({ bindingId: z.string(), role: workspaceRoleSchema });
export const revokedBindingSchema = z.object({ bindingId: z.string() });

export const listWorkspaceMembersInput = workspaceRefSchema.extend(pageInputShape);

export const workspaceMemberSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("user"),
    /** null for an organization owner who holds the role by inheritance only. */
    bindingId: z.string().nullable(),
    role: workspaceRoleSchema,
    /** Organization owners hold WORKSPACE_OWNER on every workspace whatever their binding. */
    organizationOwner: z.boolean(),
    user: userSummarySchema,
  }),
  z.object({
    type: z.literal("team"),
    bindingId: z.string(),
    role: workspaceRoleSchema,
    team: z.object({ id: z.string(), name: z.string(), memberCount: z.number().int() }),
  }),
]);
export type WorkspaceMember = z.output<typeof workspaceMemberSchema>;
export type MemberUser = z.output<typeof userSummarySchema>;

export const deploymentAdminInput = deploymentRefSchema.extend({ subject: roleSubjectSchema });
export type DeploymentAdminInput = z.output<typeof deploymentAdminInput>;

export const listDeploymentAdminsInput = deploymentRefSchema.extend(pageInputShape);

export const deploymentAdminSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("user"),
    bindingId: z.string(),
    role: z.literal("DEPLOYMENT_ADMIN"),
    user: userSummarySchema,
  }),
  z.object({
    type: z.literal("team"),
    bindingId: z.string(),
    role: z.literal("DEPLOYMENT_ADMIN"),
    team: z.object({ id: z.string(), name: z.string() }),
  }),
]);
export type DeploymentAdmin = z.output<typeof deploymentAdminSchema>;
