// The environment operations (environment variables, Airflow connections, Airflow variables at
// deployment and workspace scope) through two interfaces with one shape — tRPC over HTTP and the
// REST API — so a test can run the same plan through each. Every answer lands in the transcript.
import type { HttpAnswer, restClient, trpcClient } from "./transcript.ts";

export type EnvironmentKind = "environmentVariable" | "airflowConnection" | "airflowVariable";
export type EnvironmentScope = "deployment" | "workspace";

export interface EnvironmentOwner {
  organizationId: string;
  workspaceId: string;
  deploymentId: string;
}

type Fields = Record<string, unknown>;

export interface EnvironmentApi {
  readonly name: string;
  create(kind: EnvironmentKind, scope: EnvironmentScope, fields: Fields): Promise<HttpAnswer>;
  update(kind: EnvironmentKind, scope: EnvironmentScope, name: string, fields: Fields): Promise<HttpAnswer>;
  get(kind: EnvironmentKind, scope: EnvironmentScope, name: string): Promise<HttpAnswer>;
  list(kind: EnvironmentKind, scope: EnvironmentScope): Promise<HttpAnswer>;
  remove(kind: EnvironmentKind, scope: EnvironmentScope, name: string): Promise<HttpAnswer>;
  importDotenv(scope: EnvironmentScope, fields: Fields): Promise<HttpAnswer>;
  /** What the deployment receives. */
  delivered(): Promise<HttpAnswer>;
  /** A create whose body is sent as given (malformed JSON). */
  createRaw(kind: EnvironmentKind, scope: EnvironmentScope, body: string): Promise<HttpAnswer>;
}

/** The field naming one object: `connectionId` for connections, `key` otherwise. */
export function nameField(kind: EnvironmentKind): "key" | "connectionId" {
  return kind === "airflowConnection" ? "connectionId" : "key";
}

const SEGMENTS: Record<EnvironmentKind, string> = {
  environmentVariable: "environment-variables",
  airflowConnection: "airflow-connections",
  airflowVariable: "airflow-variables",
};

export function trpcEnvironmentApi(
  trpc: ReturnType<typeof trpcClient>,
  owner: EnvironmentOwner,
  name = "tRPC",
): EnvironmentApi {
  // Every environment procedure takes the owner in its input: one procedure per kind.
  const ownerOf = (scope: EnvironmentScope) => ({
    owner:
      scope === "deployment"
        ? { kind: scope, organizationId: owner.organizationId, deploymentId: owner.deploymentId }
        : { kind: scope, organizationId: owner.organizationId, workspaceId: owner.workspaceId },
  });
  const procedure = (kind: EnvironmentKind, _scope: EnvironmentScope, operation: string) =>
    `${kind}.${operation}`;
  return {
    name,
    create: (kind, scope, fields) =>
      trpc.mutation(procedure(kind, scope, "create"), { ...ownerOf(scope), ...fields }),
    update: (kind, scope, key, fields) =>
      trpc.mutation(procedure(kind, scope, "update"), {
        ...ownerOf(scope),
        [nameField(kind)]: key,
        ...fields,
      }),
    get: (kind, scope, key) =>
      trpc.query(procedure(kind, scope, "get"), { ...ownerOf(scope), [nameField(kind)]: key }),
    list: (kind, scope) => trpc.query(procedure(kind, scope, "list"), ownerOf(scope)),
    remove: (kind, scope, key) =>
      trpc.mutation(procedure(kind, scope, "delete"), { ...ownerOf(scope), [nameField(kind)]: key }),
    importDotenv: (scope, fields) =>
      trpc.mutation(procedure("environmentVariable", scope, "import"), { ...ownerOf(scope), ...fields }),
    delivered: () =>
      trpc.query("deploymentEnvironment.get", {
        organizationId: owner.organizationId,
        deploymentId: owner.deploymentId,
      }),
    createRaw: (kind, scope, body) => trpc.raw(procedure(kind, scope, "create"), body),
  };
}

export function restEnvironmentApi(
  rest: ReturnType<typeof restClient>,
  owner: EnvironmentOwner,
  name = "REST",
): EnvironmentApi {
  const base = (scope: EnvironmentScope) =>
    scope === "deployment"
      ? `/organizations/${owner.organizationId}/deployments/${owner.deploymentId}`
      : `/organizations/${owner.organizationId}/workspaces/${owner.workspaceId}`;
  const collection = (kind: EnvironmentKind, scope: EnvironmentScope) => `${base(scope)}/${SEGMENTS[kind]}`;
  const item = (kind: EnvironmentKind, scope: EnvironmentScope, key: string) =>
    `${collection(kind, scope)}/${encodeURIComponent(key)}`;
  return {
    name,
    create: (kind, scope, fields) => rest("POST", collection(kind, scope), fields),
    update: (kind, scope, key, fields) => rest("PATCH", item(kind, scope, key), fields),
    get: (kind, scope, key) => rest("GET", item(kind, scope, key)),
    list: (kind, scope) => rest("GET", collection(kind, scope)),
    remove: (kind, scope, key) => rest("DELETE", item(kind, scope, key)),
    importDotenv: (scope, fields) =>
      rest("POST", `${collection("environmentVariable", scope)}/import`, fields),
    delivered: () => rest("GET", `${base("deployment")}/environment`),
    createRaw: (kind, scope, body) => rest("POST", collection(kind, scope), body),
  };
}
