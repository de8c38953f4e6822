// Whose environment a command works on: a deployment's (named by --deployment-id or
// --deployment-name) or a workspace's (--workspace-id or the current one). Workspace objects
// also say which deployments receive them: all (--link-all) or chosen ones (--link-deployment).
import type { Command } from "commander";
import { paths } from "../../api/paths.ts";
import type { Deployment } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { workspaceOption } from "../../options.ts";
import { looksLikeId, requireOne } from "../../resolve.ts";
import { isForbidden, Session } from "../../session.ts";
import { deploymentLookup, resolveDeployment } from "../deployment/resolve.ts";
import { environmentPaths, type LinksInput, type Scope } from "./api.ts";

export interface Owner {
  scope: Scope;
  organizationId: string;
  workspaceId: string;
  deploymentId: string | null;
  /** The owner's REST path, under which its collections live. */
  path: string;
  /** How messages name it: `deployment “etl”`, `workspace cm0…`. */
  label: string;
}

export interface OwnerFlags {
  deploymentId?: string;
  deploymentName?: string;
}

export function addOwnerOptions(command: Command, scope: Scope): Command {
  if (scope === "workspace") return command.addOption(workspaceOption());
  return command
    .option("--deployment-id <ID>", "the deployment, by id")
    .option("--deployment-name <NAME>", "the deployment, by name (looked up in the workspace)")
    .addOption(workspaceOption("workspace to look the deployment's name up in"));
}

/** What every environment command begins with: the session and the owner its flags name. */
export async function openOwner(
  context: CliContext,
  scope: Scope,
  flags: OwnerFlags,
  command: Command,
): Promise<{ session: Session; owner: Owner }> {
  const session = await Session.open(context, command);
  return { session, owner: await resolveOwner(session, scope, flags) };
}

export async function resolveOwner(session: Session, scope: Scope, flags: OwnerFlags): Promise<Owner> {
  if (scope === "workspace") {
    const organizationId = await session.organizationId();
    const workspaceId = await session.workspaceId();
    return {
      scope,
      organizationId,
      workspaceId,
      deploymentId: null,
      path: environmentPaths.owner(organizationId, "workspace", workspaceId),
      label: `workspace ${workspaceId}`,
    };
  }
  const wanted = deploymentFlag(flags);
  const deployment = await resolveDeployment(session, wanted);
  return {
    scope,
    organizationId: deployment.organizationId,
    workspaceId: deployment.workspaceId,
    deploymentId: deployment.id,
    path: environmentPaths.owner(deployment.organizationId, "deployment", deployment.id),
    label: `deployment “${deployment.name}”`,
  };
}

/** A flag that names what a command acts on (--key, --conn-id), trimmed; missing or blank: `howTo`. */
export function requiredFlag(value: string | undefined, howTo: string): string {
  if (value === undefined || value.trim() === "") throw new CliError(howTo, ExitCode.Usage);
  return value.trim();
}

function deploymentFlag(flags: OwnerFlags): string {
  if (flags.deploymentId !== undefined && flags.deploymentName !== undefined) {
    throw new CliError("give --deployment-id or --deployment-name, not both", ExitCode.Usage);
  }
  return requiredFlag(
    flags.deploymentId ?? flags.deploymentName,
    "choose the deployment with --deployment-id ID or --deployment-name NAME",
  );
}

export interface LinkFlags {
  linkAll?: boolean;
  linkDeployment?: string[];
  unlinkAll?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** --link-all / --link-deployment (and, on update, --unlink-all): workspace objects only. */
export function addLinkOptions(command: Command, scope: Scope, options: { update: boolean }): Command {
  if (scope !== "workspace") return command;
  command
    .option("--link-all", "deliver to every deployment of the workspace, present and future")
    .option(
      "--link-deployment <ID|NAME>",
      `deliver to this deployment of the workspace (repeat for several)${options.update ? "; replaces the chosen ones" : ""}`,
      collect,
    );
  if (options.update) command.option("--unlink-all", "deliver to no deployment (the object is kept)");
  return command;
}

export function hasLinkFlags(flags: LinkFlags): boolean {
  return flags.linkAll === true || flags.unlinkAll === true || flags.linkDeployment !== undefined;
}

/** The links the flags ask for, with deployment names turned into ids; {} when none is given. */
/** What a create or update begins with: the session, the owner and the links the flags ask for. */
export async function openOwnerWithLinks(
  context: CliContext,
  scope: Scope,
  flags: OwnerFlags & LinkFlags,
  command: Command,
): Promise<{ session: Session; owner: Owner; links: LinksInput }> {
  const { session, owner } = await openOwner(context, scope, flags, command);
  return { session, owner, links: await linksInput(session, owner, flags) };
}

export async function linksInput(session: Session, owner: Owner, flags: LinkFlags): Promise<LinksInput> {
  if (owner.scope !== "workspace" || !hasLinkFlags(flags)) return {};
  const chosen = [flags.linkAll, flags.unlinkAll, flags.linkDeployment !== undefined].filter(Boolean);
  if (chosen.length > 1) {
    throw new CliError("give one of --link-all, --link-deployment or --unlink-all", ExitCode.Usage);
  }
  if (flags.linkAll) return { linkAllDeployments: true };
  if (flags.unlinkAll) return { linkAllDeployments: false, linkedDeploymentIds: [] };
  const wanted = flags.linkDeployment ?? [];
  const deployments = await workspaceDeployments(session, owner);
  const ids = wanted.map((name) => {
    if (!deployments) {
      // Not allowed to list the workspace: ids go to the server, which checks each one.
      if (looksLikeId(name)) return name;
      throw new CliError(
        `cannot look up the deployment “${name}” by name with this token; give its id`,
        ExitCode.Usage,
      );
    }
    return requireOne(deploymentLookup, deployments, name).id;
  });
  return { linkAllDeployments: false, linkedDeploymentIds: [...new Set(ids)] };
}

/** The workspace's deployments, or undefined when the caller may not list them. */
export async function workspaceDeployments(
  session: Session,
  owner: Owner,
): Promise<Deployment[] | undefined> {
  return session
    .authenticated()
    .list<Deployment>(paths.deployments(owner.organizationId), { workspaceId: owner.workspaceId })
    .catch((error: unknown) => {
      if (isForbidden(error)) return undefined;
      throw error;
    });
}

/** How a table shows which deployments receive a workspace object. */
export function describeLinks(
  item: { linkAllDeployments: boolean; linkedDeploymentIds: string[] },
  names: ReadonlyMap<string, string>,
): string {
  if (item.linkAllDeployments) return "all deployments";
  if (item.linkedDeploymentIds.length === 0) return "none";
  return item.linkedDeploymentIds.map((id) => names.get(id) ?? id).join(", ");
}

/** Deployment names by id, for describing links (empty when the caller may not list them). */
export async function deploymentNames(session: Session, owner: Owner): Promise<Map<string, string>> {
  if (owner.scope !== "workspace") return new Map();
  const deployments = (await workspaceDeployments(session, owner)) ?? [];
  return new Map(deployments.map((d) => [d.id, d.name]));
}
