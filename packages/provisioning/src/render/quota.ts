// ResourceQuota arithmetic. The quota must admit the deployment at its largest legitimate shape
// and nothing much beyond it:
//   every pod group at its maximum replicas (workers at maxWorkers, task pods at parallelism)
// + one surge pod per rolling Deployment (RollingUpdate maxSurge 1: during a config change all
//   Deployments roll at once, each briefly running one extra pod)
// + 10% headroom (rounded up), for pods lingering in Terminating while their successors start.
import type { DeploymentSpec, RuntimeVersion } from "@skyport/deployment-spec";
import { podGroups } from "./topology.ts";

export interface QuotaTotals {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

export const QUOTA_HEADROOM = 1.1;

export function quotaTotals(
  spec: DeploymentSpec,
  runtime: RuntimeVersion,
  options: { bundleSync?: boolean } = {},
): QuotaTotals {
  let cpuMillis = 0;
  let memoryMiB = 0;
  let pods = 0;
  for (const group of podGroups(spec, runtime, options)) {
    const count = group.maxReplicas + (group.surges ? 1 : 0);
    cpuMillis += count * group.compute.cpuMillis;
    memoryMiB += count * group.compute.memoryMiB;
    pods += count;
  }
  return {
    // Rounded up to 100m / 128Mi so the quota reads as round numbers.
    cpuMillis: Math.ceil((cpuMillis * QUOTA_HEADROOM) / 100) * 100,
    memoryMiB: Math.ceil((memoryMiB * QUOTA_HEADROOM) / 128) * 128,
    pods: Math.ceil(pods * QUOTA_HEADROOM),
  };
}
