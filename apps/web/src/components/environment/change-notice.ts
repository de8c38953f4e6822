// What a saved change means for the runtimes, in words: which deployments get it and whether
// the provisioner was told. Plain, so both forms and tests use it.
import type { EnvironmentChange } from "./environment-api.ts";

export function changeNotice(what: string, change: EnvironmentChange): string {
  const count = change.affectedDeploymentIds.length;
  if (count === 0) return `${what}. No deployment receives it yet.`;
  const reach = count === 1 ? "1 deployment" : `${count} deployments`;
  if (!change.reconcileQueued)
    return `${what}. The provisioner could not be told right away; it delivers the change to ${reach} on its next sweep.`;
  return `${what}. The provisioner is delivering it to ${reach}.`;
}
