import { describe, expect, it } from "vitest";
import { type KubeObject, renderDeployment, validateObject } from "../src/index.ts";
import { renderInput } from "./support/fixtures.ts";
import { find } from "./support/objects.ts";

function mutated(kind: string, name: string, mutate: (object: KubeObject) => void): KubeObject {
  const object = structuredClone(find(renderDeployment(renderInput()), kind, name));
  mutate(object);
  return object;
}

describe("validateObject", () => {
  it("accepts every rendered object", () => {
    for (const object of renderDeployment(renderInput())) expect(validateObject(object)).toEqual([]);
  });

  it("reports schema violations with their path", () => {
    const object = mutated("Deployment", "scheduler", (d) => {
      const spec = d.spec as { template: { spec: { securityContext: Record<string, unknown> } } };
      spec.template.spec.securityContext.runAsUser = "50000";
    });
    expect(validateObject(object)).toContainEqual({
      path: "spec.template.spec.securityContext.runAsUser",
      message: "must be integer",
    });
  });

  it("reports fields the API does not declare, which the client would silently drop", () => {
    const object = mutated("Deployment", "scheduler", (d) => {
      (d.spec as Record<string, unknown>).replica = 2;
    });
    expect(validateObject(object)).toEqual([
      { path: "spec.replica", message: "field not declared in schema" },
    ]);
  });

  it("validates KEDA ScaledObjects against KEDA's schema", () => {
    const object = mutated("ScaledObject", "worker-heavy", (s) => {
      const spec = s.spec as Record<string, unknown>;
      delete spec.triggers;
      spec.maxReplicaCount = "3";
    });
    expect(validateObject(object)).toEqual(
      expect.arrayContaining([
        { path: "spec", message: "must have required property triggers" },
        { path: "spec.maxReplicaCount", message: "must be integer" },
      ]),
    );
  });

  it("checks names, namespaces and labels as the API server does", () => {
    const object = mutated("Service", "redis", (s) => {
      s.metadata.name = "1-starts-with-digit";
      s.metadata.labels = { "bad key!": "x", ok: "bad value with spaces" };
    });
    const paths = validateObject(object).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(["metadata.name", "metadata.labels.bad key!", "metadata.labels.ok"]),
    );
    const namespaced = mutated("Namespace", "skyport-abc123", (n) => {
      n.metadata.namespace = "default";
    });
    expect(validateObject(namespaced)).toEqual([
      { path: "metadata.namespace", message: "Namespace is not namespaced" },
    ]);
  });

  it("rejects a Deployment whose selector does not select its own pods", () => {
    const object = mutated("Deployment", "triggerer", (d) => {
      (d.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels[
        "app.kubernetes.io/component"
      ] = "other";
    });
    expect(validateObject(object)).toEqual([
      {
        path: "spec.template.metadata.labels",
        message: "selector app.kubernetes.io/component=other does not match template labels",
      },
    ]);
  });

  it("knows no schema for unrecognised kinds", () => {
    expect(validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toEqual(
      [{ path: "kind", message: "no schema known for example.com/v1 Widget" }],
    );
    expect(validateObject("nope")).toEqual([{ path: "", message: "must be an object" }]);
  });
});
