// What a command works with: the server, the caller's token, and the organization and
// workspace it acts in, each from a flag, the environment or the config file, in that order.
// The stored token and context belong to the server they were stored for: pointing the CLI at
// another server never sends it the token.
import type { Command } from "commander";
import { ApiClient, ok, type SkyportApi } from "./api/client.ts";
import type { Me, OrganizationSummary, Workspace } from "./api/types.ts";
import { configDirectory, readConfig, type StoredConfig, writeConfig } from "./config/config-file.ts";
import type { CliContext } from "./context.ts";
import { CliError, ExitCode } from "./exit-codes.ts";
import { apiUrlFromEnvironment, DEFAULT_API_URL, flagValue, outputFormat } from "./options.ts";
import type { OutputFormat } from "./output.ts";
import { findOne, type Lookup, looksLikeId, namedLookup, notFound } from "./resolve.ts";

export const SESSION_TIMEOUT_MS = 30_000;

export interface Chosen {
  value: string;
  /** Where it came from, as the user would name it: "--workspace-id", "SKYPORT_WORKSPACE", "config". */
  source: string;
}

export const organizationLookup: Lookup<OrganizationSummary> = {
  kind: "organization",
  id: (o) => o.id,
  names: (o) => [o.name, o.slug],
  describe: (o) => `${o.id}  ${o.name} (${o.slug})`,
};

export function workspaceLookup(scope?: string): Lookup<Workspace> {
  return namedLookup("workspace", scope);
}

export class Session {
  readonly apiUrl: string;
  readonly output: OutputFormat;
  /** The token requests carry, if any. */
  readonly token: Chosen | undefined;
  private cachedClient: ApiClient | undefined;
  private cachedMe: Promise<Me> | undefined;
  private cachedOrganizations: Promise<OrganizationSummary[]> | undefined;
  private cachedOrganizationId: Promise<string> | undefined;

  private constructor(
    readonly context: CliContext,
    readonly command: Command,
    readonly configDir: string,
    /** The config file as read; its token and context apply only if `storedApplies`. */
    readonly stored: StoredConfig,
  ) {
    const flagUrl = flagValue<string>(command, "apiUrl");
    const envUrl = context.env.SKYPORT_API_URL
      ? apiUrlFromEnvironment(context.env.SKYPORT_API_URL)
      : undefined;
    this.apiUrl = flagUrl ?? envUrl ?? stored.apiUrl ?? DEFAULT_API_URL;
    this.output = outputFormat(command);
    const envToken = context.env.SKYPORT_API_TOKEN;
    if (envToken) this.token = { value: envToken, source: "SKYPORT_API_TOKEN" };
    else if (this.storedApplies && stored.token) this.token = { value: stored.token, source: "config" };
  }

  static async open(context: CliContext, command: Command): Promise<Session> {
    const configDir = configDirectory(context.env);
    return new Session(context, command, configDir, await readConfig(configDir));
  }

  /** The stored token, organization and workspace were stored for the server in use. */
  get storedApplies(): boolean {
    return this.stored.apiUrl !== undefined && sameServer(this.stored.apiUrl, this.apiUrl);
  }

  /** A client for the server in use, carrying the token when there is one. */
  client(token: string | undefined = this.token?.value): ApiClient {
    if (token !== this.token?.value) return this.newClient(token);
    this.cachedClient ??= this.newClient(token);
    return this.cachedClient;
  }

  private newClient(token: string | undefined): ApiClient {
    return new ApiClient({
      baseUrl: this.apiUrl,
      ...(token ? { token } : {}),
      userAgent: `skyport-cli/${this.context.version}`,
      timeoutMs: SESSION_TIMEOUT_MS,
      sleep: (ms) => this.context.sleep(ms),
      ...(this.context.pageSize ? { pageSize: this.context.pageSize } : {}),
    });
  }

  /** The client, refusing up front when there is no token to send. */
  authenticated(): ApiClient {
    if (!this.token) {
      throw new CliError(
        `not logged in to ${this.apiUrl}: run \`skyport login\` (or \`skyport signup\`), or set SKYPORT_API_TOKEN`,
      );
    }
    return this.client();
  }

  /** The typed API of the server in use, refusing up front when there is no token to send. */
  get api(): SkyportApi {
    return this.authenticated().api;
  }

  me(): Promise<Me> {
    this.cachedMe ??= ok(this.authenticated().api.GET("/me"));
    return this.cachedMe;
  }

  organizations(): Promise<OrganizationSummary[]> {
    const client = this.authenticated();
    this.cachedOrganizations ??= client.all((query) =>
      client.api.GET("/organizations", { params: { query } }),
    );
    return this.cachedOrganizations;
  }

  /** The organization chosen by --organization, SKYPORT_ORGANIZATION or the config file. */
  chosenOrganization(): Chosen | undefined {
    const flag = flagValue<string>(this.command, "organization");
    if (flag) return { value: flag, source: "--organization" };
    const env = this.context.env.SKYPORT_ORGANIZATION;
    if (env) return { value: env, source: "SKYPORT_ORGANIZATION" };
    if (this.storedApplies && this.stored.organizationId) {
      return { value: this.stored.organizationId, source: "config" };
    }
    return undefined;
  }

  /**
   * The id of the organization to act in. Without a choice: an API token's own organization, or
   * the caller's only one.
   */
  organizationId(): Promise<string> {
    this.cachedOrganizationId ??= this.resolveOrganizationId();
    return this.cachedOrganizationId;
  }

  private async resolveOrganizationId(): Promise<string> {
    const chosen = this.chosenOrganization();
    // The config file stores ids; a flag or variable may name the organization instead.
    if (chosen?.source === "config") return chosen.value;
    const me = await this.me();
    if (chosen) {
      if (me.type === "apiToken" && me.apiToken.organizationId === chosen.value) return chosen.value;
      const found = findOne(organizationLookup, await this.organizations(), chosen.value);
      if (found) return found.id;
      // An id that is not among the caller's goes to the server, which answers NOT_FOUND for
      // another organization exactly as for a missing one.
      if (looksLikeId(chosen.value)) return chosen.value;
      throw notFound({ kind: "organization", scope: "among yours" }, chosen.value);
    }
    if (me.type === "apiToken") return me.apiToken.organizationId;
    const organizations = await this.organizations();
    if (organizations.length === 1) return (organizations[0] as OrganizationSummary).id;
    if (organizations.length === 0) throw new CliError("you do not belong to any organization");
    throw new CliError(
      "you belong to several organizations; choose one with `skyport organization switch ID|NAME` " +
        `or --organization:\n${organizations.map((o) => `  ${organizationLookup.describe(o)}`).join("\n")}`,
      ExitCode.Usage,
    );
  }

  /** The workspace chosen by --workspace-id, SKYPORT_WORKSPACE or the config file. */
  chosenWorkspace(): Chosen | undefined {
    const flag = flagValue<string>(this.command, "workspaceId");
    if (flag) return { value: flag, source: "--workspace-id" };
    const env = this.context.env.SKYPORT_WORKSPACE;
    if (env) return { value: env, source: "SKYPORT_WORKSPACE" };
    if (this.storedApplies && this.stored.workspaceId)
      return { value: this.stored.workspaceId, source: "config" };
    return undefined;
  }

  /**
   * The id of the workspace to act in: `preferred` (e.g. from a deployment file) when no flag or
   * variable names one, else the chosen one, else a workspace-scoped token's own.
   */
  async workspaceId(preferred?: string): Promise<string> {
    const organizationId = await this.organizationId();
    let chosen = this.chosenWorkspace();
    if (preferred && (!chosen || chosen.source === "config")) chosen = { value: preferred, source: "file" };
    // The stored workspace belongs to the stored organization; another organization has its own.
    if (chosen?.source === "config" && this.stored.organizationId !== organizationId) chosen = undefined;
    if (chosen) return this.resolveWorkspaceId(organizationId, chosen.value);
    const me = await this.me();
    if (me.type === "apiToken" && me.apiToken.workspaceId) return me.apiToken.workspaceId;
    throw new CliError(
      "no workspace chosen: pass --workspace-id ID|NAME, set SKYPORT_WORKSPACE, " +
        "or run `skyport workspace switch ID|NAME`",
      ExitCode.Usage,
    );
  }

  private async resolveWorkspaceId(organizationId: string, wanted: string): Promise<string> {
    let workspaces: Workspace[];
    try {
      workspaces = await listWorkspaces(this.authenticated(), organizationId);
    } catch (error) {
      // A token scoped to one workspace or deployment may not list workspaces: take it as an id.
      if (isForbidden(error)) return wanted;
      throw error;
    }
    const found = findOne(workspaceLookup(), workspaces, wanted);
    if (!found) throw notFound({ kind: "workspace", scope: "in this organization" }, wanted);
    return found.id;
  }

  /** Changes the config file: `changes` replace what is stored; undefined values are removed. */
  async saveConfig(changes: Partial<StoredConfig>): Promise<string> {
    const next: StoredConfig = { ...this.stored };
    for (const [key, value] of Object.entries(changes) as Array<[keyof StoredConfig, string | undefined]>) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    const file = await writeConfig(this.configDir, next);
    Object.assign(this.stored, changes);
    for (const key of Object.keys(changes) as Array<keyof StoredConfig>) {
      if (changes[key] === undefined) delete this.stored[key];
    }
    return file;
  }
}

export function isForbidden(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { status?: number }).status === 403;
}

export function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { status?: number }).status === 404;
}

function sameServer(a: string, b: string): boolean {
  return a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
}

/** Every workspace of the organization the caller can see. */
export function listWorkspaces(client: ApiClient, organizationId: string): Promise<Workspace[]> {
  return client.all((query) =>
    client.api.GET("/organizations/{organizationId}/workspaces", {
      params: { path: { organizationId }, query },
    }),
  );
}
