"use client";

// One set of calls per kind of environment object, whichever owner it has: the deployment and
// workspace procedures take the same fields (workspace ones also take links), so the forms talk
// to this instead of choosing between two routers at every call.
import type { useTRPCClient } from "@/client/trpc.tsx";
import type { ConnectionCreateInput, ConnectionUpdateInput } from "./connection-model.ts";
import type { LinksView } from "./links.ts";
import type { EnvironmentOwner } from "./owner.ts";

type Client = ReturnType<typeof useTRPCClient>;

/** What every change answers: which deployments it reached and whether they are being updated. */
export interface EnvironmentChange {
  affectedDeploymentIds: string[];
  reconcileQueued: boolean;
}

export type KeyValueKind = "environmentVariable" | "airflowVariable";

export interface KeyValueCreate {
  key: string;
  value: string;
  isSecret: boolean;
  description?: string;
}

export interface KeyValueUpdate {
  id: string;
  value?: string;
  isSecret?: boolean;
  description?: string;
}

/** Links go to workspace procedures only; a deployment's own objects have none. */
type WithLinks<T> = T & { links?: LinksView };

function linkFields(links: LinksView | undefined) {
  return links
    ? { linkAllDeployments: links.linkAllDeployments, linkedDeploymentIds: links.linkedDeploymentIds }
    : {};
}

export function keyValueApi(client: Client, kind: KeyValueKind, owner: EnvironmentOwner) {
  const { organizationId } = owner;
  const withoutDescription = <T extends { description?: string }>(input: T) => {
    if (kind === "airflowVariable") return input;
    const { description: _unused, ...rest } = input;
    return rest;
  };
  return {
    async create({ links, ...input }: WithLinks<KeyValueCreate>): Promise<EnvironmentChange> {
      const fields = withoutDescription(input);
      if (owner.scope === "deployment") {
        const target = { organizationId, deploymentId: owner.deploymentId, ...fields };
        return kind === "environmentVariable"
          ? client.environmentVariable.deployment.create.mutate(target)
          : client.airflowVariable.deployment.create.mutate(target);
      }
      const target = { organizationId, workspaceId: owner.workspaceId, ...fields, ...linkFields(links) };
      return kind === "environmentVariable"
        ? client.environmentVariable.workspace.create.mutate(target)
        : client.airflowVariable.workspace.create.mutate(target);
    },
    async update({ links, ...input }: WithLinks<KeyValueUpdate>): Promise<EnvironmentChange> {
      const fields = withoutDescription(input);
      if (owner.scope === "deployment") {
        const target = { organizationId, deploymentId: owner.deploymentId, ...fields };
        return kind === "environmentVariable"
          ? client.environmentVariable.deployment.update.mutate(target)
          : client.airflowVariable.deployment.update.mutate(target);
      }
      const target = { organizationId, workspaceId: owner.workspaceId, ...fields, ...linkFields(links) };
      return kind === "environmentVariable"
        ? client.environmentVariable.workspace.update.mutate(target)
        : client.airflowVariable.workspace.update.mutate(target);
    },
    async delete(id: string): Promise<EnvironmentChange> {
      if (owner.scope === "deployment") {
        const target = { organizationId, deploymentId: owner.deploymentId, id };
        return kind === "environmentVariable"
          ? client.environmentVariable.deployment.delete.mutate(target)
          : client.airflowVariable.deployment.delete.mutate(target);
      }
      const target = { organizationId, workspaceId: owner.workspaceId, id };
      return kind === "environmentVariable"
        ? client.environmentVariable.workspace.delete.mutate(target)
        : client.airflowVariable.workspace.delete.mutate(target);
    },
  };
}

export function connectionApi(client: Client, owner: EnvironmentOwner) {
  const { organizationId } = owner;
  return {
    async create({ links, ...input }: WithLinks<ConnectionCreateInput>): Promise<EnvironmentChange> {
      return owner.scope === "deployment"
        ? client.airflowConnection.deployment.create.mutate({
            organizationId,
            deploymentId: owner.deploymentId,
            ...input,
          })
        : client.airflowConnection.workspace.create.mutate({
            organizationId,
            workspaceId: owner.workspaceId,
            ...input,
            ...linkFields(links),
          });
    },
    async update({ links, ...input }: WithLinks<ConnectionUpdateInput>): Promise<EnvironmentChange> {
      return owner.scope === "deployment"
        ? client.airflowConnection.deployment.update.mutate({
            organizationId,
            deploymentId: owner.deploymentId,
            ...input,
          })
        : client.airflowConnection.workspace.update.mutate({
            organizationId,
            workspaceId: owner.workspaceId,
            ...input,
            ...linkFields(links),
          });
    },
    async delete(id: string): Promise<EnvironmentChange> {
      return owner.scope === "deployment"
        ? client.airflowConnection.deployment.delete.mutate({
            organizationId,
            deploymentId: owner.deploymentId,
            id,
          })
        : client.airflowConnection.workspace.delete.mutate({
            organizationId,
            workspaceId: owner.workspaceId,
            id,
          });
    },
  };
}

export interface DotenvImport {
  text: string;
  isSecret: boolean;
  overwrite: boolean;
  links?: LinksView;
}

export function importApi(client: Client, owner: EnvironmentOwner) {
  return ({ links, ...input }: DotenvImport) =>
    owner.scope === "deployment"
      ? client.environmentVariable.deployment.import.mutate({
          organizationId: owner.organizationId,
          deploymentId: owner.deploymentId,
          ...input,
        })
      : client.environmentVariable.workspace.import.mutate({
          organizationId: owner.organizationId,
          workspaceId: owner.workspaceId,
          ...input,
          ...linkFields(links),
        });
}
