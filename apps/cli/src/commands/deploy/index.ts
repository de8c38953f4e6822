// `skyport deploy [DIR]`: packs a DAG folder into a bundle (the deployment's .airflowignore
// syntax), uploads it only when the server lacks that SHA-256, and deploys it; `deploy list`,
// `deploy inspect ID` and `deploy rollback ID` read and move the history.
import { stat } from "node:fs/promises";
import { describeBytes, type IgnoreSyntax, PackError, packDagFolder } from "@skyport/dag-bundle";
import { type Command, Option } from "commander";
import { API_V1, type ApiClient, apiErrorOf, idempotent, ok } from "../../api/client.ts";
import type { ResponseOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import type { Detail } from "../../output.ts";
import { isNotFound, Session } from "../../session.ts";
import { password } from "../auth/credentials.ts";
import { type DeploymentRecord, deploymentPath, resolveDeployment } from "../deployment/resolve.ts";
import { addWaitOptions } from "../deployment/spec-options.ts";
import { note, print, shortTime, withSession } from "../shared.ts";

type Deploy = ResponseOf<"createDeploy">;
type DeployDetails = ResponseOf<"getDeploy">;

const DESCRIPTION_MAX = 500;

function deploymentOption(): Option {
  return new Option("--deployment <ID|NAME>", "the deployment to deploy to (id, or name in the workspace)");
}

async function chosenDeployment(session: Session, wanted: string | undefined): Promise<DeploymentRecord> {
  if (!wanted?.trim()) {
    throw new CliError("name the deployment with --deployment <ID|NAME>", ExitCode.Usage);
  }
  return resolveDeployment(session, wanted.trim());
}

/** Airflow 3 reads .airflowignore as globs, Airflow 2 as regular expressions, unless the spec says. */
export function ignoreSyntaxOf(deployment: DeploymentRecord): IgnoreSyntax {
  const override = deployment.spec.airflowConfigOverrides.find(
    (o) => o.section.toLowerCase() === "core" && o.key.toLowerCase() === "dag_ignore_file_syntax",
  );
  const value = override?.value.trim().toLowerCase();
  if (value === "glob" || value === "regexp") return value;
  return deployment.runtime?.major === 2 ? "regexp" : "glob";
}

/** Where a deploy comes from, read from the CI's standard variables (GitHub Actions, GitLab CI). */
export function ciMetadata(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const given = (values: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(values).filter(([, v]) => v)) as Record<string, string>;
  if (env.GITHUB_SHA) {
    const runUrl =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    return given({
      provider: "github",
      commit: env.GITHUB_SHA,
      branch: env.GITHUB_REF_NAME,
      pipelineUrl: runUrl,
    });
  }
  if (env.CI_COMMIT_SHA) {
    return given({
      provider: "gitlab",
      commit: env.CI_COMMIT_SHA,
      branch: env.CI_COMMIT_REF_NAME,
      pipelineUrl: env.CI_PIPELINE_URL,
    });
  }
  return {};
}

function deployPath(deployment: DeploymentRecord): string {
  return `/organizations/${encodeURIComponent(deployment.organizationId)}/deployments/${encodeURIComponent(deployment.id)}`;
}

/** Whether the deployment already has this bundle (then it is not uploaded again). */
async function hasBundle(client: ApiClient, deployment: DeploymentRecord, sha256: string): Promise<boolean> {
  try {
    await ok(
      client.api.GET("/organizations/{organizationId}/deployments/{deploymentId}/bundles/{sha256}", {
        params: { path: { ...deploymentPath(deployment), sha256 } },
      }),
    );
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function uploadBundle(
  client: ApiClient,
  deployment: DeploymentRecord,
  sha256: string,
  tarball: Buffer,
) {
  const request = new Request(client.url(`${API_V1}${deployPath(deployment)}/bundles/${sha256}`), {
    method: "PUT",
    headers: { "content-type": "application/gzip" },
    body: new Blob([tarball as Uint8Array<ArrayBuffer>]),
  });
  const response = await client.send(request, { buffered: true });
  if (!response.ok) throw await apiErrorOf(response);
}

const FINAL: ReadonlySet<string> = new Set(["ACTIVE", "FAILED", "SUPERSEDED"]);

function progressLine(deploy: Deploy): string {
  const progress = deploy.progress;
  if (progress) {
    const on = progress.installed.length ? ` (${progress.installed.join(", ")})` : "";
    const waiting = progress.waiting.length ? `; waiting for ${progress.waiting.join(", ")}` : "";
    return `deploy ${deploy.number}: ${deploy.status} — installed on ${progress.installed.length} of ${progress.expected.length} components${on}${waiting}`;
  }
  return `deploy ${deploy.number}: ${deploy.status}${deploy.statusReason ? ` — ${deploy.statusReason}` : ""}`;
}

/** Follows a deploy until the runtime runs it (ACTIVE) or it fails, showing each status. */
async function waitForDeploy(
  session: Session,
  client: ApiClient,
  deployment: DeploymentRecord,
  start: Deploy,
  timeoutMs: number,
): Promise<DeployDetails | Deploy> {
  const { context } = session;
  const deadline = context.now() + timeoutMs;
  const spinner = context.spinner(progressLine(start));
  if (!spinner) context.io.err(`${progressLine(start)}\n`);
  let last = progressLine(start);
  let current: DeployDetails | Deploy = start;
  for (;;) {
    if (FINAL.has(current.status)) break;
    if (context.now() >= deadline) {
      spinner?.fail(progressLine(current));
      throw new CliError(
        `deploy ${current.number} is still ${current.status} after waiting; the runtime's bundle sync has not reported it installed (is the deployment running?)`,
      );
    }
    await context.sleep(context.pollIntervalMs);
    current = await getDeploy(client, deployment, String(start.number));
    const line = progressLine(current);
    if (line !== last) {
      last = line;
      if (spinner) spinner.update(line);
      else context.io.err(`${line}\n`);
    }
  }
  if (current.status === "ACTIVE") spinner?.succeed(progressLine(current));
  else spinner?.fail(progressLine(current));
  return current;
}

function getDeploy(
  client: ApiClient,
  deployment: DeploymentRecord,
  deployId: string,
): Promise<DeployDetails> {
  return ok(
    client.api.GET("/organizations/{organizationId}/deployments/{deploymentId}/deploys/{deployId}", {
      params: { path: { ...deploymentPath(deployment), deployId } },
    }),
  );
}

function deployDetails(deploy: Deploy | DeployDetails) {
  const details: Detail[] = [
    { label: "Deploy", value: `${deploy.number} (${deploy.id})` },
    { label: "Status", value: deploy.status + (deploy.statusReason ? ` — ${deploy.statusReason}` : "") },
    { label: "Kind", value: deploy.kind },
    ...(deploy.kind === "IMAGE"
      ? [
          { label: "Image", value: deploy.image ?? "" },
          { label: "Built for", value: `Airflow ${deploy.runtimeVersion ?? "?"}` },
        ]
      : [{ label: "Bundle", value: deploy.bundleSha256 ?? "" }]),
    { label: "Description", value: deploy.description },
    { label: "By", value: deploy.actor.label },
    { label: "Created", value: deploy.createdAt },
    { label: "Active since", value: deploy.activatedAt ?? "" },
  ];
  if (deploy.rollbackOf)
    details.push({ label: "Rolls back to", value: `deploy ${deploy.rollbackOf.number}` });
  const ci = deploy.ci;
  if (ci.commit) details.push({ label: "Commit", value: ci.commit });
  if (ci.branch) details.push({ label: "Branch", value: ci.branch });
  if (ci.pipelineUrl) details.push({ label: "Pipeline", value: ci.pipelineUrl });
  if ("diff" in deploy && deploy.diff) {
    const diff = deploy.diff;
    details.push({
      label: "Files",
      value: diff.previousDeploy
        ? `against deploy ${diff.previousDeploy.number}: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.unchanged} unchanged`
        : `${diff.added.length} (first bundle deploy)`,
    });
    for (const path of diff.added) details.push({ label: "  +", value: path });
    for (const path of diff.changed) details.push({ label: "  ~", value: path });
    for (const path of diff.removed) details.push({ label: "  -", value: path });
  }
  return { data: deploy, details };
}

/** A new deploy's path, with an idempotency key so a retried request deploys once. */
function newDeployParams(deployment: DeploymentRecord) {
  return {
    path: deploymentPath(deployment),
    header: idempotent(),
  };
}

/** What a new deploy says about itself: the description and the CI's metadata. */
function aboutDeploy(context: CliContext, description: string | undefined) {
  const ci = ciMetadata(context.env);
  return { ...(description ? { description } : {}), ...(Object.keys(ci).length ? { ci } : {}) };
}

/** `skyport deploy --image REF --runtime-version X`: an image deploy. */
async function deployImage(
  context: CliContext,
  command: Command,
  dir: string | undefined,
  options: DeployOptions & { image: string },
  description: string | undefined,
): Promise<void> {
  if (dir !== undefined) throw new CliError("give either DIR or --image, not both", ExitCode.Usage);
  const image = options.image.trim();
  if (!image)
    throw new CliError("--image needs an image reference (REPO:TAG or REPO@sha256:…)", ExitCode.Usage);
  const runtimeVersion = options.runtimeVersion?.trim();
  if (!runtimeVersion) {
    throw new CliError(
      "--image needs --runtime-version: the Airflow version the image is built FROM (it must be the deployment's runtime)",
      ExitCode.Usage,
    );
  }
  const session = await Session.open(context, command);
  const deployment = await chosenDeployment(session, options.deployment);
  const client = session.authenticated();
  const made = await ok(
    client.api.POST("/organizations/{organizationId}/deployments/{deploymentId}/image-deploys", {
      params: newDeployParams(deployment),
      body: { image, runtimeVersion, ...aboutDeploy(context, description) },
    }),
  );
  await finish(session, client, deployment, made, options);
}

function registryPath(deployment: DeploymentRecord) {
  return { path: deploymentPath(deployment) };
}

function registryDetails(status: ResponseOf<"getRegistryCredential">) {
  const credential = status.credential;
  const details: Detail[] = credential
    ? [
        { label: "Registry", value: credential.registry },
        { label: "Username", value: credential.username },
        { label: "Password", value: "(set; never shown)" },
        { label: "Updated", value: credential.updatedAt },
      ]
    : [{ label: "Registry credential", value: "none (images are pulled anonymously)" }];
  return { data: status, details };
}

type RegistryStatus = ResponseOf<"getRegistryCredential">;

/** One `deploy registry` subcommand: resolves the deployment, runs, prints the credential's status. */
function registryCommand<O extends { deployment?: string }>(
  parent: Command,
  context: CliContext,
  name: string,
  summary: string,
  run: (session: Session, deployment: DeploymentRecord, options: O) => Promise<RegistryStatus>,
): Command {
  return defineCommand(parent, name, summary, { prints: true })
    .addOption(deploymentOption())
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .action(
      withSession(context, async (session, options: O) => {
        const deployment = await chosenDeployment(session, options.deployment);
        print(session, registryDetails(await run(session, deployment, options)));
      }),
    );
}

const REGISTRY_PATH = "/organizations/{organizationId}/deployments/{deploymentId}/registry-credential";

/** `skyport deploy registry show|set|remove`: the write-only credential images are pulled with. */
function registerRegistryCommands(deploy: Command, context: CliContext): void {
  const registry = defineCommand(
    deploy,
    "registry",
    "the registry credential a deployment pulls deploy images with (write-only)",
  );
  registryCommand(registry, context, "show", "the registry and username (never the password)", (session, d) =>
    ok(session.api.GET(REGISTRY_PATH, { params: registryPath(d) })),
  );
  registryCommand<{ deployment?: string; registry: string; username: string; passwordStdin?: boolean }>(
    registry,
    context,
    "set",
    "set the credential: the password from --password-stdin, else SKYPORT_REGISTRY_PASSWORD, else a prompt",
    async (session, d, options) => {
      const secret = await password(session, {
        fromStdin: options.passwordStdin,
        environmentVariable: "SKYPORT_REGISTRY_PASSWORD",
        prompt: "Registry password or access token:",
      });
      return ok(
        session.api.PUT(REGISTRY_PATH, {
          params: registryPath(d),
          body: { registry: options.registry, username: options.username, password: secret },
        }),
      );
    },
  )
    .requiredOption(
      "--registry <HOST>",
      "registry host, as in the image reference (ghcr.io, registry.example.com:5000)",
    )
    .requiredOption("--username <NAME>", "registry user name")
    .option("--password-stdin", "read the password or access token from stdin");
  registryCommand(
    registry,
    context,
    "remove",
    "remove the credential (images are then pulled anonymously)",
    (session, d) => ok(session.api.DELETE(REGISTRY_PATH, { params: registryPath(d) })),
  );
}

function descriptionOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.length > DESCRIPTION_MAX) {
    throw new CliError(
      `--description must be at most ${DESCRIPTION_MAX} characters (got ${trimmed.length})`,
      ExitCode.Usage,
    );
  }
  return trimmed;
}

interface DeployOptions {
  deployment?: string;
  description?: string;
  image?: string;
  runtimeVersion?: string;
  wait?: boolean;
  waitTimeout: number;
  skipParse?: boolean;
}

export function registerDeployCommands(program: Command, context: CliContext): void {
  const deploy = defineCommand(
    program,
    "deploy [DIR]",
    "deploy a DAG folder (default: the current folder) to a deployment; see also deploy list|inspect|rollback",
    { prints: true },
  )
    .addOption(deploymentOption())
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .option("--description <TEXT>", "what this deploy changes (shown in the history)")
    .option("--skip-parse", "do not try to parse the DAGs locally before uploading")
    .option(
      "--image <REPO:TAG|REPO@sha256:…>",
      "deploy a customer image (built FROM the deployment's runtime) instead of a DAG folder",
    )
    .option(
      "--runtime-version <VERSION>",
      "with --image: the Airflow version the image is built FROM; must be the deployment's runtime",
    );
  addWaitOptions(deploy, "the runtime runs the new bundle or image (ACTIVE)");
  deploy.action(async (dir: string | undefined, options: DeployOptions, command: Command) => {
    const description = descriptionOf(options.description);
    if (options.image !== undefined) {
      await deployImage(context, command, dir, { ...options, image: options.image }, description);
      return;
    }
    if (options.runtimeVersion !== undefined) {
      throw new CliError("--runtime-version goes with --image", ExitCode.Usage);
    }
    const folder = dir ?? ".";
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory()) throw new CliError(`DIR “${folder}” is not a folder`, ExitCode.Usage);
    const session = await Session.open(context, command);
    const deployment = await chosenDeployment(session, options.deployment);
    const client = session.authenticated();

    const ignoreSyntax = ignoreSyntaxOf(deployment);
    let packed: Awaited<ReturnType<typeof packDagFolder>>;
    try {
      packed = await packDagFolder(folder, { ignoreSyntax });
    } catch (error) {
      if (error instanceof PackError) throw new CliError(error.message, ExitCode.Usage);
      throw error;
    }
    if (packed.files.length === 0) {
      throw new CliError(`DIR “${folder}” has no files to deploy (after the ignore files)`, ExitCode.Usage);
    }
    if (packed.leftOut.length) {
      note(session, `Left out (.airflowignore as ${ignoreSyntax}, .skyportignore, built-ins):`);
      for (const path of packed.leftOut) note(session, `  ${path}`);
    }
    note(
      session,
      `Bundle ${packed.sha256}: ${packed.files.length} files, ${describeBytes(packed.tarball.length)}`,
    );
    note(
      session,
      options.skipParse
        ? "DAGs were not parsed locally (--skip-parse)."
        : "DAGs were not parsed locally (no local Airflow).",
    );
    if (await hasBundle(client, deployment, packed.sha256)) {
      note(session, "The server already has this bundle; not uploading it again.");
    } else {
      await uploadBundle(client, deployment, packed.sha256, packed.tarball);
      note(session, "Uploaded.");
    }
    const made = await ok(
      client.api.POST("/organizations/{organizationId}/deployments/{deploymentId}/deploys", {
        params: newDeployParams(deployment),
        body: { bundleSha256: packed.sha256, ...aboutDeploy(context, description) },
      }),
    );
    await finish(session, client, deployment, made, options);
  });

  registerRegistryCommands(deploy, context);

  defineCommand(deploy, "list", "a deployment's deploys, newest first", { prints: true })
    .addOption(deploymentOption())
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .action(
      withSession(context, async (session, options: { deployment?: string }) => {
        const deployment = await chosenDeployment(session, options.deployment);
        const client = session.authenticated();
        const deploys = await client.all((page) =>
          client.api.GET("/organizations/{organizationId}/deployments/{deploymentId}/deploys", {
            params: {
              path: deploymentPath(deployment),
              query: page,
            },
          }),
        );
        print(session, {
          data: deploys,
          rows: deploys,
          columns: [
            { header: "#", value: (d) => d.number },
            { header: "Status", value: (d) => d.status },
            { header: "Bundle / image", value: (d) => d.image ?? (d.bundleSha256 ?? "").slice(0, 12) },
            { header: "Description", value: (d) => d.description },
            { header: "By", value: (d) => d.actor.label },
            { header: "Created", value: (d) => shortTime(d.createdAt) },
          ],
        });
      }),
    );

  defineCommand(deploy, "inspect <ID>", "one deploy (id or number) with the files it changed", {
    prints: true,
  })
    .addOption(deploymentOption())
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .action(
      withSession(context, async (session, id: string, options: { deployment?: string }) => {
        const deployment = await chosenDeployment(session, options.deployment);
        print(session, deployDetails(await getDeploy(session.authenticated(), deployment, id.trim())));
      }),
    );

  const rollback = defineCommand(
    deploy,
    "rollback <ID>",
    "go back to an earlier deploy (id or number); the rollback is a new deploy",
    { prints: true },
  )
    .addOption(deploymentOption())
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .option("--description <TEXT>", "why (shown in the history)");
  addWaitOptions(rollback, "the runtime runs the earlier bundle (ACTIVE)");
  rollback.action(async (id: string, options: DeployOptions, command: Command) => {
    const description = descriptionOf(options.description);
    const session = await Session.open(context, command);
    const deployment = await chosenDeployment(session, options.deployment);
    const client = session.authenticated();
    const made = await ok(
      client.api.POST(
        "/organizations/{organizationId}/deployments/{deploymentId}/deploys/{deployId}/rollback",
        {
          params: {
            path: {
              organizationId: deployment.organizationId,
              deploymentId: deployment.id,
              deployId: id.trim(),
            },
            header: idempotent(),
          },
          body: description ? { description } : {},
        },
      ),
    );
    await finish(session, client, deployment, made, options);
  });
}

async function finish(
  session: Session,
  client: ApiClient,
  deployment: DeploymentRecord,
  made: Deploy,
  options: { wait?: boolean; waitTimeout: number },
): Promise<void> {
  note(session, `Deploy ${made.number} to “${deployment.name}” is ${made.status}.`);
  if (!options.wait) {
    print(session, deployDetails(made));
    return;
  }
  const final = await waitForDeploy(session, client, deployment, made, options.waitTimeout);
  print(session, deployDetails(final));
  if (final.status !== "ACTIVE") {
    throw new CliError(
      `deploy ${final.number} ended ${final.status}${final.statusReason ? `: ${final.statusReason}` : ""}`,
    );
  }
}
