// SKYPORT_RUNTIME: which target the worker provisions on, and what render-only says when local
// runtimes are not possible.
import { describe, expect, it } from "vitest";
import { chooseRuntimeTarget, RuntimeTargetSettingError } from "../../src/provisioning/runtime-target.ts";

const withPython = () => true;
const withoutPython = () => false;
const base = { requested: undefined, production: false, hasCluster: false, python: "python3" } as const;

describe("the runtime target", () => {
  it("defaults to the cluster when one is configured, whatever Python there is", () => {
    expect(chooseRuntimeTarget({ ...base, hasCluster: true }, withPython)).toEqual({ target: "kubernetes" });
    expect(chooseRuntimeTarget({ ...base, hasCluster: true, requested: "auto" }, withoutPython)).toEqual({
      target: "kubernetes",
    });
  });

  it("without a cluster runs deployments locally when a suitable Python is found", () => {
    expect(chooseRuntimeTarget(base, withPython)).toEqual({ target: "local" });
    expect(chooseRuntimeTarget({ ...base, requested: "auto" }, withPython)).toEqual({ target: "local" });
  });

  it("renders without a cluster or Python, and the status says what is missing and how to get it", () => {
    const choice = chooseRuntimeTarget(base, withoutPython);
    expect(choice.target).toBe("render");
    expect(choice.renderOnlyBecause).toBe(
      "no Kubernetes cluster is configured (set KUBECONFIG), and local runtimes need Python 3.10–3.13 with venv (sudo apt-get install -y python3 python3-venv, or set SKYPORT_PYTHON)",
    );
  });

  it("under NODE_ENV=production never picks local by itself, but does when asked for explicitly", () => {
    const implicit = chooseRuntimeTarget({ ...base, production: true }, withPython);
    expect(implicit.target).toBe("render");
    expect(implicit.renderOnlyBecause).toContain("unless SKYPORT_RUNTIME=local");
    expect(chooseRuntimeTarget({ ...base, production: true, requested: "local" }, withoutPython)).toEqual({
      target: "local",
    });
    expect(chooseRuntimeTarget({ ...base, production: true, requested: "auto" }, withPython)).toEqual({
      target: "local",
    });
  });

  it("honours render even with a cluster and Python, and refuses kubernetes without a cluster", () => {
    expect(chooseRuntimeTarget({ ...base, hasCluster: true, requested: "render" }, withPython)).toEqual({
      target: "render",
      renderOnlyBecause: "SKYPORT_RUNTIME=render",
    });
    expect(() => chooseRuntimeTarget({ ...base, requested: "kubernetes" }, withPython)).toThrow(
      RuntimeTargetSettingError,
    );
  });
});
