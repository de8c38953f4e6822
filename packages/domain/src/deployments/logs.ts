// Reading a deployment's component logs (deployment.logs.read: WORKSPACE_MEMBER and up, or
// DEPLOYMENT_ADMIN). A local runtime's logs are files under Skyport's state directory, on the
// machine that serves this request (`npm start` runs web and worker side by side); on Kubernetes
// the pods' logs stay in the cluster, and a render-only deployment runs no process at all.
import { localRuntimeDir } from "@skyport/local-runtime/files";
import { componentLogNames, readComponentLog } from "@skyport/local-runtime/logs";
import { authorize } from "../authz/authorize.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import type { MutationContext } from "../shared/mutation.ts";
import { validate } from "../shared/validate.ts";
import {
  DEFAULT_LOG_COMPONENT,
  DEFAULT_LOG_LINES,
  type DeploymentLogs,
  type ReadDeploymentLogsInput,
  readDeploymentLogsInput,
} from "./logs.types.ts";

export interface LocalRuntimeFiles {
  /** `<state dir>/runtimes`, where the worker keeps local runtimes; null when not known. */
  readonly localRuntimesDir: string | null;
}

/** The render-only provisioner's own words in a status reason. */
const RENDER_ONLY = /\bnot applied\b/;

/** Where a component's logs are when Skyport does not hold them. */
export function logsElsewhereNote(namespace: string, component: string, statusReason: string): string {
  if (RENDER_ONLY.test(statusReason)) {
    return "This deployment's runtime was only rendered to disk (no Kubernetes cluster and no local runtime), so no Airflow process runs and there are no logs.";
  }
  const worker = /^worker-(.+)-\d+$/.exec(component);
  const selector = worker
    ? `app.kubernetes.io/component=worker,skyport.io/worker-queue=${worker[1]}`
    : `app.kubernetes.io/component=${component}`;
  return `This deployment does not run as a local runtime of this Skyport server, so Skyport keeps no copy of its logs. On Kubernetes they stay with the pods: kubectl logs --namespace ${namespace} --selector ${selector} --all-containers --prefix --tail 100`;
}

export async function readDeploymentLogs(
  ctx: Pick<MutationContext, "db" | "actor">,
  files: LocalRuntimeFiles,
  rawInput: ReadDeploymentLogsInput,
): Promise<DeploymentLogs> {
  const input = validate(readDeploymentLogsInput, rawInput);
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "deployment.logs.read", { organizationId, deploymentId });
  const deployment = await ctx.db.deployment.findFirst({
    where: { id: deploymentId, organizationId, deletedAt: null },
    select: { namespace: true, statusReason: true },
  });
  if (!deployment) throw new NotFoundError("deployment");
  const component = input.component ?? DEFAULT_LOG_COMPONENT;
  const lines = input.lines ?? DEFAULT_LOG_LINES;
  const dir = files.localRuntimesDir ? localRuntimeDir(files.localRuntimesDir, deployment.namespace) : null;
  const components = dir ? componentLogNames(dir) : null;
  if (!dir || components === null) {
    return {
      available: false,
      component,
      components: [],
      lines: [],
      cursor: 0,
      reset: false,
      note: logsElsewhereNote(deployment.namespace, component, deployment.statusReason),
    };
  }
  if (!components.includes(component)) {
    // The default component before the scheduler has started (an install, a migration): no lines yet.
    if (input.component === undefined) {
      return { available: true, component, components, lines: [], cursor: 0, reset: false, note: null };
    }
    throw new ValidationError(
      "component",
      components.length
        ? `this deployment has no component named “${component}” (its logs: ${components.join(", ")})`
        : `this deployment has no component named “${component}” (no component has written a log yet)`,
    );
  }
  const read = readComponentLog(dir, component, { since: input.since, lines });
  return { available: true, component, components, ...read, note: null };
}
