// Names for the REST API's resources as the CLI reads them, taken from the types generated from
// the server's OpenAPI document (schema.ts): nothing here is written by hand, so a change on
// the server shows up here at the next `npm run cli:api` and type-checking finds what it breaks.
import type { operations } from "./schema.ts";

type JsonOf<Response> = Response extends { content: { "application/json": infer Body } } ? Body : never;

/** What an operation answers on success, by its operationId. */
export type ResponseOf<Operation extends keyof operations> = JsonOf<
  operations[Operation]["responses"][keyof operations[Operation]["responses"] & (200 | 201 | 202)]
>;

/** One item of a paginated operation's answer. */
export type ItemOf<Operation extends keyof operations> =
  ResponseOf<Operation> extends { items: ReadonlyArray<infer Item> } ? Item : never;

/** What an operation takes as its JSON body. */
export type BodyOf<Operation extends keyof operations> = operations[Operation] extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

/** GET /me */
export type Me = ResponseOf<"whoAmI">;
export type SessionUser = Extract<Me, { type: "user" }>["user"];
export type OrganizationSummary = ItemOf<"listOrganizations">;
export type Workspace = ItemOf<"listWorkspaces">;
/** A deployment as lists show it; getDeployment adds what the caller may do with it. */
export type Deployment = ItemOf<"listDeployments">;
export type DeploymentStatus = Deployment["status"];
export type DeploymentSpec = Deployment["spec"];
export type WorkerQueue = DeploymentSpec["workerQueues"][number];
/** What creating, updating and deleting a deployment (or one of its worker queues) answer. */
export type DeploymentChange = ResponseOf<"createDeployment">;
export type RuntimeCatalog = ResponseOf<"getRuntimeCatalog">;
export type Runtime = RuntimeCatalog["runtimes"][number];
export type OrganizationMember = ItemOf<"listOrganizationUsers">;
export type Invitation = ItemOf<"listInvitations">;
export type WorkspaceMember = ItemOf<"listWorkspaceUsers">;
export type Team = ItemOf<"listTeams">;
export type ApiToken = ItemOf<"listApiTokens">;

/**
 * Every value of an enumeration of the API, for help texts and shell completion. Checked against
 * the generated types: a value the server adds or drops fails type-checking here.
 */
export function everyOf<Value extends string>() {
  return <const List extends ReadonlyArray<Value>>(
    values: List & ([Value] extends [List[number]] ? unknown : { missing: Exclude<Value, List[number]> }),
  ): List => values;
}

/**
 * A deployment spec as a request sends it. The CLI forwards what the user gave (flags, a
 * deployment file) without checking it; the server validates and names every problem.
 */
export type DeploymentSpecRequest = NonNullable<BodyOf<"createDeployment">["spec"]>;
/** An organization role as invitations take it. */
export type OrganizationRoleName = BodyOf<"inviteOrganizationUser">["role"];
export type AlertRule = ItemOf<"listAlerts">;
export type NotificationChannel = ItemOf<"listNotificationChannels">;
export type Report = ItemOf<"listReports">;
export type ReportCheck = Report["checks"][number];
