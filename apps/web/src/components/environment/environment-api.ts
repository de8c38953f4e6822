"use client";

// The console's one adapter over the environment procedures: each kind has one set of
// procedures taking the owner, so the forms hand the page's owner through as it is. Links go to
// workspace objects only; a deployment's own objects have none.
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

type WithLinks<T> = T & { links?: LinksView };

/** The owner and, for a workspace, the links: the part every change's input shares. */
function target(owner: EnvironmentOwner, links: LinksView | undefined) {
  return {
    owner,
    ...(owner.kind === "workspace" && links
      ? { linkAllDeployments: links.linkAllDeployments, linkedDeploymentIds: links.linkedDeploymentIds }
      : {}),
  };
}

export function keyValueApi(client: Client, kind: KeyValueKind, owner: EnvironmentOwner) {
  // Environment variables have no description.
  const fields = <T extends { description?: string }>({ description, ...rest }: T) =>
    kind === "airflowVariable" && description !== undefined ? { ...rest, description } : rest;
  const procedures = client[kind];
  return {
    create: ({ links, ...input }: WithLinks<KeyValueCreate>): Promise<EnvironmentChange> =>
      procedures.create.mutate({ ...target(owner, links), ...fields(input) }),
    update: ({ links, ...input }: WithLinks<KeyValueUpdate>): Promise<EnvironmentChange> =>
      procedures.update.mutate({ ...target(owner, links), ...fields(input) }),
    delete: (id: string): Promise<EnvironmentChange> => procedures.delete.mutate({ owner, id }),
  };
}

export function connectionApi(client: Client, owner: EnvironmentOwner) {
  const procedures = client.airflowConnection;
  return {
    create: ({ links, ...input }: WithLinks<ConnectionCreateInput>): Promise<EnvironmentChange> =>
      procedures.create.mutate({ ...target(owner, links), ...input }),
    update: ({ links, ...input }: WithLinks<ConnectionUpdateInput>): Promise<EnvironmentChange> =>
      procedures.update.mutate({ ...target(owner, links), ...input }),
    delete: (id: string): Promise<EnvironmentChange> => procedures.delete.mutate({ owner, id }),
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
    client.environmentVariable.import.mutate({ ...target(owner, links), ...input });
}
