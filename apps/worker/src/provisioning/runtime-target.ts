// Which provisioning target the worker uses (SKYPORT_RUNTIME), decided once at start-up: the
// reconciler, lifecycle and statuses are the same for all three; only the adapter differs.
import { DEFAULT_RUNTIME_VERSION, runtimeFor } from "@skyport/deployment-spec";
import {
  findPython,
  PYTHON_INSTALL_HINT,
  pythonSupports,
  supportedPythonRange,
} from "@skyport/local-runtime";

export type RuntimeTargetName = "kubernetes" | "local" | "render";

export interface RuntimeTargetChoice {
  readonly target: RuntimeTargetName;
  /** Render-only: why nothing runs, for the deployments' status reason. */
  readonly renderOnlyBecause?: string;
}

export class RuntimeTargetSettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = "RuntimeTargetSettingError";
  }
}

export interface RuntimeTargetInputs {
  readonly requested: "kubernetes" | "local" | "render" | "auto" | undefined;
  readonly production: boolean;
  readonly hasCluster: boolean;
  /** The interpreter local runtimes would be built from. */
  readonly python: string;
}

/** Whether `python` can run the default runtime version (the catalog's default line). */
export function suitablePython(python: string): boolean {
  const found = findPython(python);
  if (!found?.canCreateVenv) return false;
  return pythonSupports(found, runtimeFor(DEFAULT_RUNTIME_VERSION).major);
}

export function chooseRuntimeTarget(
  inputs: RuntimeTargetInputs,
  hasSuitablePython: (python: string) => boolean = suitablePython,
): RuntimeTargetChoice {
  switch (inputs.requested) {
    case "kubernetes":
      if (!inputs.hasCluster) {
        throw new RuntimeTargetSettingError(
          "SKYPORT_RUNTIME",
          "is kubernetes, but no cluster is configured (set KUBECONFIG, or run the worker in a cluster)",
        );
      }
      return { target: "kubernetes" };
    case "local":
      // Deployments report a missing or unsuitable Python themselves, naming the fix.
      return { target: "local" };
    case "render":
      return { target: "render", renderOnlyBecause: "SKYPORT_RUNTIME=render" };
    case "auto":
    case undefined: {
      if (inputs.hasCluster) return { target: "kubernetes" };
      const noCluster = "no Kubernetes cluster is configured (set KUBECONFIG)";
      if (inputs.production && inputs.requested === undefined) {
        return {
          target: "render",
          renderOnlyBecause: `${noCluster}, and local runtimes are off under NODE_ENV=production unless SKYPORT_RUNTIME=local`,
        };
      }
      if (hasSuitablePython(inputs.python)) return { target: "local" };
      const major = runtimeFor(DEFAULT_RUNTIME_VERSION).major;
      return {
        target: "render",
        renderOnlyBecause: `${noCluster}, and local runtimes need ${supportedPythonRange(major)} with venv (${PYTHON_INSTALL_HINT}, or set SKYPORT_PYTHON)`,
      };
    }
    default: {
      const unknown: never = inputs.requested;
      throw new Error(`unknown runtime target ${String(unknown)}`);
    }
  }
}
