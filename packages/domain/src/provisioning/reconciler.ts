// The deployment reconciler: converges one deployment's runtime — metadata database, Kubernetes
// objects (or render-only manifests), the customer's environment (variables, Airflow connections
// and variables, opened from their sealed form into the namespace's Secret) — to the deployment
// row and its environment as they are NOW. Level-triggered: the
// job's payload only names the deployment; whatever was asked for earlier, the row says what is
// wanted. Idempotent: every step reads before it writes, so re-running after a crash at any point
// converges without duplicates. Serialised per deployment by an advisory lock.
//
// Statuses it sets:
//   CREATING → DEPLOYING, and UPDATING while it works ("progress" runs), with a reason per step;
//   HEALTHY once every workload is ready (observedGeneration = the generation rendered);
//   UNHEALTHY when they are not ready within PROVISIONING_READY_TIMEOUT_MS (naming them), and in
//     render-only mode, where nothing runs ("Rendered to … — not applied …");
//   FAILED for errors a retry cannot fix (invalid spec, a 4xx from the API server, a render
//     setting missing); retryable errors are rethrown for BullMQ's back-off, the reason saying so;
//   DELETING → DELETED (deletedAt, observedGeneration) after the namespace, the manifests and the
//     metadata database are gone.
// A deployment already converged (and a FAILED one swept for drift) gets a quiet check instead:
// nothing is written unless the outcome differs.
//
// This is the provisioning slice's domain service: it reads and writes the deployment only through
// the ProvisioningRepository, and reaches the runtime through the adapters it is given (the
// Kubernetes applier or render-only manifests, the runtime database server). The worker wires
// those and turns BullMQ jobs into reconcile calls.
import path from "node:path";
import {
  type DeploymentSpec,
  parseDeploymentSpec,
  settleOverridesForRuntime,
} from "@skyport/deployment-spec";
import type { Logger } from "@skyport/logger";
import {
  type AdminConnection,
  completeRuntimeSecrets,
  dropMetadataDatabase,
  type EnvironmentEntry,
  type ExistingRuntimeSecrets,
  ensureMetadataDatabase,
  type KubernetesApplier,
  metadataDatabaseName,
  metadataDatabaseUrl,
  objectKey,
  type RenderInput,
  type RuntimeSecrets,
  readRuntimeSecrets,
  removeManifests,
  renderDeployment,
  rotatePassword,
  writeManifests,
} from "@skyport/provisioning";
import type { RuntimeImage } from "../deploys/image-rollout.ts";
import type { SecretBox } from "../secrets/types.ts";
import { describeIssue } from "../shared/errors.ts";
import { DeletionReporter, StatusReporter, SupersededError } from "./deployment-status.ts";
import { classifyError, NotYetError, PermanentError, RetryLaterError, scrubSecrets } from "./errors.ts";
import { progressStatus, type ReconcileReason } from "./lifecycle.ts";
import { notReadyReason, readyReason, waitForReadiness } from "./readiness.ts";
import type { ReconcileLocks } from "./reconcile-lock.ts";
import type { DeploymentRow, ProvisioningRepository } from "./repository.ts";
import {
  type ClusterApi,
  type LocalRuntimeTarget,
  manifestsDirFor,
  type ProvisioningTarget,
  RENDER_ONLY_CLUSTER_API,
  renderedReason,
} from "./targets.ts";

export interface ReconcileRequest {
  readonly reason: ReconcileReason;
  /** The generation the job was enqueued for: logged only, the row says what is wanted now. */
  readonly requestedGeneration?: number;
  /** The job's last attempt: a retryable error is then reported rather than retried. */
  readonly finalAttempt: boolean;
}

export type ReconcileOutcome =
  | { readonly outcome: "busy" | "gone" | "already-deleted" | "superseded" | "deleted" }
  | { readonly outcome: "failed"; readonly reason: string }
  | {
      readonly outcome: "healthy" | "unhealthy";
      readonly generation: number;
      readonly applied: number;
      readonly unchanged: number;
      readonly pruned: number;
    }
  | {
      readonly outcome: "rendered";
      readonly generation: number;
      readonly written: number;
      readonly unchanged: number;
      readonly removed: number;
    };

export interface ReconcilerSettings {
  readonly baseDomain: string;
  /** How the runtime's pods reach the metadata database server. */
  readonly runtimeDatabase: RenderInput["runtimeDatabase"];
  /** TLS mode for the pods' connections (sslmode of the admin URL). */
  readonly runtimeDatabaseSslMode?: string;
  readonly controlPlane: RenderInput["controlPlane"];
  readonly clusterApi?: ClusterApi;
  /** Where the runtime's bundle sync reaches Skyport (its public URL); absent: no DAG bundles. */
  readonly bundleSync?: Omit<NonNullable<RenderInput["bundleSync"]>, "credential">;
  /** Where runtimes post OpenLineage events (Skyport's public URL); absent: they do not. */
  readonly openLineage?: Omit<NonNullable<RenderInput["openLineage"]>, "token">;
  readonly readyTimeoutMs: number;
  /** First readiness poll interval (grows to readinessMaxPollMs). Default 1 s. */
  readonly readinessPollMs?: number;
  readonly readinessMaxPollMs?: number;
  /** Paths in status reasons are shown relative to this. Default: the working directory. */
  readonly cwd?: string;
}

export interface ReconcilerDependencies {
  /** Reads the deployment and writes its status: the only way this service touches the row. */
  readonly repository: ProvisioningRepository;
  readonly logger: Logger;
  readonly locks: Pick<ReconcileLocks, "tryAcquire">;
  /** Admin connection to the runtime PostgreSQL server. */
  readonly runtimeDatabase: AdminConnection;
  readonly target: ProvisioningTarget;
  readonly settings: ReconcilerSettings;
  /** Opens the sealed environment variables, connections and variables a runtime receives. */
  readonly secrets: SecretBox;
}

const NAMESPACE_PREFIX = "skyport-";

/** Why an image deploy to a local runtime fails. */
export const LOCAL_IMAGE_REFUSAL =
  "Image deploys need a Kubernetes cluster: this deployment runs on the local target, which runs Airflow from a virtual environment on this machine, not from images. Deploy the DAG folder instead (skyport deploy DIR), or configure a cluster (KUBECONFIG)";

function deliveryTarget(row: DeploymentRow) {
  return { organizationId: row.organizationId, workspaceId: row.workspaceId, id: row.id };
}

function shortIdOf(namespace: string): string {
  if (!namespace.startsWith(NAMESPACE_PREFIX)) {
    throw new PermanentError(`namespace ${namespace} is not ${NAMESPACE_PREFIX}<short id>`);
  }
  return namespace.slice(NAMESPACE_PREFIX.length);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DeploymentReconciler {
  constructor(private readonly deps: ReconcilerDependencies) {}

  async reconcile(deploymentId: string, request: ReconcileRequest): Promise<ReconcileOutcome> {
    const release = await this.deps.locks.tryAcquire(deploymentId);
    if (!release) return { outcome: "busy" };
    const started = Date.now();
    try {
      const row = await this.deps.repository.load(deploymentId);
      if (!row) return { outcome: "gone" };
      if (row.status === "DELETED") return { outcome: "already-deleted" };
      const result = row.status === "DELETING" ? await this.remove(row) : await this.converge(row, request);
      this.deps.logger.info(
        {
          deploymentId,
          namespace: row.namespace,
          generation: row.generation,
          requestedGeneration: request.requestedGeneration,
          jobReason: request.reason,
          ms: Date.now() - started,
          ...result,
        },
        "deployment reconciled",
      );
      return result;
    } catch (error) {
      if (error instanceof SupersededError) {
        this.deps.logger.info({ deploymentId }, "deployment reconcile superseded by a newer change");
        return { outcome: "superseded" };
      }
      throw error;
    } finally {
      await release();
    }
  }

  private async converge(row: DeploymentRow, request: ReconcileRequest): Promise<ReconcileOutcome> {
    const reporter = new StatusReporter(this.deps.repository, row, progressStatus(row, request.reason));
    // Secret values of this run, kept out of any status reason an error would write.
    const secrets: string[] = [];
    try {
      // A spec stored before overrides were checked against the runtime line may name a key the
      // runtime does not read: converge with the key it reads rather than fail a running runtime.
      const parsed = parseDeploymentSpec(settleOverridesForRuntime(row.spec));
      if (!parsed.ok) {
        const issues = parsed.issues.map((issue) => describeIssue(issue.field, issue.message)).join("; ");
        return await this.failed(reporter, `Invalid spec: ${issues}`);
      }
      const shortId = shortIdOf(row.namespace);
      await reporter.step(
        reporter.progress === "DEPLOYING"
          ? "Creating the metadata database"
          : "Checking the metadata database",
      );
      const { cluster, local } = this.deps.target;
      if (cluster) {
        return await this.apply(row, parsed.spec, shortId, reporter, request, cluster.applier, secrets);
      }
      return local
        ? await this.runLocally(row, parsed.spec, shortId, reporter, local, secrets)
        : await this.render(row, parsed.spec, shortId, reporter);
    } catch (error) {
      if (error instanceof SupersededError) throw error;
      const classified = classifyError(error);
      const { retryable } = classified;
      const message = scrubSecrets(classified.message, secrets);
      if (!retryable) return await this.failed(reporter, message);
      await (request.finalAttempt && reporter.progress
        ? reporter.finish({
            status: "UNHEALTHY",
            statusReason: `Gave up for now after repeated errors (the drift sweep tries again): ${message}`,
          })
        : reporter.note(`Retrying after: ${message}`)
      ).catch((reportError: unknown) => {
        if (reportError instanceof SupersededError) throw reportError;
      });
      throw new RetryLaterError(message);
    }
  }

  private async failed(reporter: StatusReporter, reason: string): Promise<ReconcileOutcome> {
    await reporter.finish({ status: "FAILED", statusReason: reason });
    return { outcome: "failed", reason };
  }

  private async apply(
    row: DeploymentRow,
    spec: DeploymentSpec,
    shortId: string,
    reporter: StatusReporter,
    request: ReconcileRequest,
    applier: KubernetesApplier,
    secretsInUse: string[],
  ): Promise<ReconcileOutcome> {
    const { settings } = this.deps;
    const name = metadataDatabaseName(shortId);
    // Reuse what the namespace holds; a role created now gets the Secret's password if any.
    const existing = await readRuntimeSecrets(applier, row.namespace, { role: name, database: name });
    const { secrets, environment, bundleCredential, ingestToken } = await this.openRuntime(
      row,
      shortId,
      existing,
      secretsInUse,
    );
    const image = await this.deps.repository.deployImage(row.id, this.deps.secrets);
    if (image?.pullSecret) secretsInUse.push(image.pullSecret.password);
    const objects = renderDeployment(
      this.renderInput(row, spec, shortId, secrets, environment, bundleCredential, ingestToken, image),
    );
    await reporter.step(`Applying ${objects.length} objects`);
    // Drift repair compares every object with what the API server holds (hash comparison cannot
    // see manual edits) and re-applies only the edited ones: an unedited deployment costs reads.
    const applied = await applier.apply(objects, { repairDrift: request.reason === "drift" });
    const pruned = await applier.prune(row.namespace, objects.map(objectKey));

    let ready: boolean;
    let statusReason: string;
    // A quiet check that changed a workload (an environment change rolls the Airflow pods) waits
    // for the rollout like a progress run, without leaving the status it has: the rolling update
    // keeps the old pods serving meanwhile. Drift repair only restores what was edited by hand,
    // so it keeps looking only once.
    const rolled = request.reason !== "drift" && applied.applied.some((ref) => ref.kind === "Deployment");
    if (reporter.progress || rolled) {
      const waited = await waitForReadiness(applier, row.namespace, {
        timeoutMs: settings.readyTimeoutMs,
        pollMs: settings.readinessPollMs ?? 1_000,
        maxPollMs: settings.readinessMaxPollMs ?? 5_000,
        onProgress: (reason) => reporter.step(reason),
      });
      ready = waited.ready;
      statusReason = ready
        ? readyReason(waited.readiness)
        : notReadyReason(waited.readiness, settings.readyTimeoutMs);
    } else {
      // A quiet check looks once; the next drift sweep looks again.
      const readiness = await applier.readiness(row.namespace);
      ready = readiness.ready;
      statusReason = ready ? readyReason(readiness) : notReadyReason(readiness);
    }
    await reporter.finish({
      status: ready ? "HEALTHY" : "UNHEALTHY",
      statusReason,
      observedGeneration: row.generation,
    });
    if (image)
      await this.deps.repository.imageRolledOut(row.id, {
        image: image.reference,
        ready,
        reason: statusReason,
      });
    return {
      outcome: ready ? "healthy" : "unhealthy",
      generation: row.generation,
      applied: applied.applied.length,
      unchanged: applied.unchanged.length,
      pruned: pruned.length,
    };
  }

  /** The metadata database and role, the runtime's secrets (kept where they are, completed where
   * missing) and its environment, opened. Every secret value is added to `secretsInUse`. */
  private async openRuntime(
    row: DeploymentRow,
    shortId: string,
    existing: ExistingRuntimeSecrets,
    secretsInUse: string[],
  ) {
    const { runtimeDatabase, settings } = this.deps;
    const database = await ensureMetadataDatabase(runtimeDatabase, {
      deploymentShortId: shortId,
      ...(existing.databasePassword ? { password: existing.databasePassword } : {}),
    });
    const password =
      database.password ??
      existing.databasePassword ??
      // The role exists but no Secret holds its password (a crash before the Secret was
      // applied): only a new password makes it known again.
      (await rotatePassword(runtimeDatabase, { deploymentShortId: shortId }));
    const secrets = completeRuntimeSecrets(
      existing,
      metadataDatabaseUrl(database, password, {
        ...settings.runtimeDatabase,
        ...(settings.runtimeDatabaseSslMode ? { sslmode: settings.runtimeDatabaseSslMode } : {}),
      }),
    );
    secretsInUse.push(...Object.values(secrets), password);
    // The customer's environment, opened: it goes into the runtime's secret store and nowhere else.
    const environment = await this.deps.repository.environment(deliveryTarget(row), this.deps.secrets);
    for (const entry of environment) if (entry.value !== null) secretsInUse.push(entry.value);
    const bundleCredential = settings.bundleSync
      ? await this.deps.repository.bundleCredential(row, this.deps.secrets)
      : null;
    if (bundleCredential) secretsInUse.push(bundleCredential);
    const ingestToken = settings.openLineage
      ? await this.deps.repository.ingestToken(row, this.deps.secrets)
      : null;
    if (ingestToken) secretsInUse.push(ingestToken);
    return { secrets, environment, bundleCredential, ingestToken };
  }

  private async runLocally(
    row: DeploymentRow,
    spec: DeploymentSpec,
    shortId: string,
    reporter: StatusReporter,
    local: LocalRuntimeTarget,
    secretsInUse: string[],
  ): Promise<ReconcileOutcome> {
    // Local runtimes run Airflow from a virtual environment: an image deploy cannot take effect.
    const image = await this.deps.repository.deployImage(row.id, null);
    if (image) {
      await this.deps.repository.imageRefused(row.id, {
        image: image.reference,
        reason: LOCAL_IMAGE_REFUSAL,
      });
    }
    const existing = await local.readSecrets(row.namespace);
    const { secrets, environment, bundleCredential, ingestToken } = await this.openRuntime(
      row,
      shortId,
      existing,
      secretsInUse,
    );
    const input = this.renderInput(row, spec, shortId, secrets, environment, bundleCredential, ingestToken);
    const outcome = await local.converge(input, {
      timeoutMs: this.deps.settings.readyTimeoutMs,
      waitForHealth: reporter.progress !== null,
      onProgress: (reason) => reporter.step(reason),
    });
    await reporter.finish({
      status: outcome.ready ? "HEALTHY" : "UNHEALTHY",
      statusReason: outcome.reason,
      observedGeneration: row.generation,
    });
    return {
      outcome: outcome.ready ? "healthy" : "unhealthy",
      generation: row.generation,
      applied: 0,
      unchanged: 0,
      pruned: 0,
    };
  }

  private async render(
    row: DeploymentRow,
    spec: DeploymentSpec,
    shortId: string,
    reporter: StatusReporter,
  ): Promise<ReconcileOutcome> {
    // The database exists even without a cluster; its password is generated only if the role is
    // created now, and never written anywhere: a cluster run later sets one it can keep.
    await ensureMetadataDatabase(this.deps.runtimeDatabase, { deploymentShortId: shortId });
    // Names only: redacted manifests never need the values, so they are not even opened.
    const environment = await this.deps.repository.environment(deliveryTarget(row), null);
    const image = await this.deps.repository.deployImage(row.id, null);
    const objects = renderDeployment(
      this.renderInput(row, spec, shortId, "redacted", environment, null, null, image),
    );
    await reporter.step(`Writing ${objects.length} manifests`);
    const dir = manifestsDirFor(this.deps.target, row.namespace);
    const files = await writeManifests(dir, objects);
    await reporter.finish({
      status: "UNHEALTHY",
      statusReason: renderedReason(
        dir,
        this.deps.settings.cwd ?? process.cwd(),
        this.deps.target.renderOnlyBecause,
      ),
      observedGeneration: row.generation,
    });
    return {
      outcome: "rendered",
      generation: row.generation,
      written: files.written.length,
      unchanged: files.unchanged.length,
      removed: files.removed.length,
    };
  }

  private renderInput(
    row: DeploymentRow,
    spec: DeploymentSpec,
    shortId: string,
    secrets: RuntimeSecrets | "redacted",
    environment: readonly EnvironmentEntry[],
    bundleCredential: string | null = null,
    ingestToken: string | null = null,
    image: RuntimeImage | null = null,
  ): RenderInput {
    const { settings, target } = this.deps;
    const clusterApi = settings.clusterApi ?? (target.cluster ? undefined : RENDER_ONLY_CLUSTER_API);
    return {
      deploymentId: row.id,
      shortId,
      organizationId: row.organizationId,
      workspaceId: row.workspaceId,
      name: row.name,
      spec,
      generation: row.generation,
      baseDomain: settings.baseDomain,
      controlPlane: settings.controlPlane,
      runtimeDatabase: settings.runtimeDatabase,
      ...(clusterApi ? { clusterApi } : {}),
      secrets,
      environment,
      ...(settings.bundleSync
        ? { bundleSync: { ...settings.bundleSync, credential: bundleCredential } }
        : {}),
      ...(settings.openLineage ? { openLineage: { ...settings.openLineage, token: ingestToken } } : {}),
      ...(image ? { image } : {}),
    };
  }

  private async remove(row: DeploymentRow): Promise<ReconcileOutcome> {
    const reporter = new DeletionReporter(this.deps.repository, row);
    try {
      const shortId = shortIdOf(row.namespace);
      const { cluster, local } = this.deps.target;
      if (local) {
        await reporter.step("Stopping the local runtime");
        await local.remove(row.namespace);
      }
      if (cluster) {
        await reporter.step("Deleting the namespace");
        await cluster.applier.deleteNamespace(row.namespace);
        await this.waitUntilNamespaceGone(cluster.applier, row.namespace, reporter);
      }
      await removeManifests(path.join(this.deps.target.manifestsDir, row.namespace));
      await reporter.step("Dropping the metadata database");
      await dropMetadataDatabase(this.deps.runtimeDatabase, { deploymentShortId: shortId });
      await reporter.deleted();
      return { outcome: "deleted" };
    } catch (error) {
      if (error instanceof SupersededError) throw error;
      // Whatever went wrong, the deployment stays DELETING and deletion is retried.
      const message = scrubSecrets(classifyError(error).message, []);
      await reporter.step(`Deleting; retrying after: ${message}`).catch(() => {});
      throw new RetryLaterError(message);
    }
  }

  /** A real API server deletes a namespace's contents (finalizers) before the namespace. */
  private async waitUntilNamespaceGone(
    applier: KubernetesApplier,
    namespace: string,
    reporter: DeletionReporter,
  ): Promise<void> {
    const deadline = Date.now() + this.deps.settings.readyTimeoutMs;
    let interval = this.deps.settings.readinessPollMs ?? 1_000;
    while (await applier.namespaceExists(namespace)) {
      if (Date.now() >= deadline) throw new NotYetError(`namespace ${namespace} is still terminating`);
      await reporter.step("Waiting for the namespace to terminate");
      await sleep(interval);
      interval = Math.min(interval * 1.5, this.deps.settings.readinessMaxPollMs ?? 5_000);
    }
  }
}
