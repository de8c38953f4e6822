// Image deploys in rendered runtimes: every Airflow container (and the bundle sync, which runs
// from the same image) runs the deploy image; a registry credential becomes a
// kubernetes.io/dockerconfigjson Secret the Airflow pods pull with; redacted manifests never
// hold its password; the broker and the StatsD exporter keep their own images.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkRestrictedPodSpec, renderDeployment, validateObject, writeManifests } from "../src/index.ts";
import { bundleSyncInput, renderInput } from "./support/fixtures.ts";
import { allPodSpecs, find } from "./support/objects.ts";

const IMAGE = "registry.example.com:5000/acme/airflow:2026.12.05@sha256:" + "a".repeat(64);
const PASSWORD = "registry-password-never-in-manifests";
const bundleSync = bundleSyncInput(null);
const image = {
  reference: IMAGE,
  pullSecret: { registry: "registry.example.com:5000", username: "acme-ci", password: PASSWORD },
};

describe("image deploys in rendered runtimes", () => {
  it("runs every Airflow container, init container and sidecar from the deploy image, pulled with the credential", () => {
    const objects = renderDeployment(renderInput({ image, bundleSync }));
    const airflowPods = allPodSpecs(objects).filter((p) => !/redis|statsd/.test(p.where));
    expect(airflowPods.map((p) => p.where)).toEqual(
      expect.arrayContaining(["Deployment/scheduler", "Deployment/api-server", "Deployment/worker-default"]),
    );
    for (const { where, spec } of airflowPods) {
      const containers = [...(spec.initContainers ?? []), ...spec.containers];
      for (const container of containers) expect(container.image, `${where} ${container.name}`).toBe(IMAGE);
      expect(spec.imagePullSecrets, where).toEqual([{ name: "skyport-registry-credential" }]);
      expect(checkRestrictedPodSpec(spec, {}), where).toEqual([]);
    }
    for (const { where, spec } of allPodSpecs(objects).filter((p) => /redis|statsd/.test(p.where))) {
      expect(spec.containers[0]?.image, where).not.toBe(IMAGE);
      expect(spec.imagePullSecrets, where).toBeUndefined();
    }
    const secret = find(objects, "Secret", "skyport-registry-credential");
    expect(secret.type).toBe("kubernetes.io/dockerconfigjson");
    const config = JSON.parse((secret.stringData as Record<string, string>)[".dockerconfigjson"] ?? "");
    expect(config).toEqual({
      auths: {
        "registry.example.com:5000": {
          username: "acme-ci",
          password: PASSWORD,
          auth: Buffer.from(`acme-ci:${PASSWORD}`).toString("base64"),
        },
      },
    });
    for (const object of objects)
      expect(validateObject(object), `${object.kind}/${object.metadata.name}`).toEqual([]);
  });

  it("keeps the password out of redacted manifests, which render-only mode can write to disk", async () => {
    // What the render target's reconcile passes: no SecretBox, so an empty password.
    const redacted = renderDeployment(
      renderInput({
        image: { ...image, pullSecret: { ...image.pullSecret, password: "" } },
        secrets: "redacted",
      }),
    );
    expect(find(redacted, "Secret", "skyport-registry-credential").stringData).toEqual({
      ".dockerconfigjson": "<redacted>",
    });
    expect(JSON.stringify(redacted)).not.toContain(PASSWORD);
    // Regression: the whole config was written with only the password redacted, which the
    // manifest writer refuses, so an image deploy with a registry credential failed the render.
    const dir = await mkdtemp(path.join(tmpdir(), "skyport-image-manifests-"));
    try {
      const files = await writeManifests(dir, redacted);
      expect(
        files.written.filter((name) => name.endsWith("-secret-skyport-registry-credential.yaml")),
      ).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("pulls a public image without a pull secret, and renders the official image without an image deploy", () => {
    const pub = renderDeployment(renderInput({ image: { reference: IMAGE, pullSecret: null } }));
    expect(JSON.stringify(pub)).not.toContain("skyport-registry-credential");
    expect(find(pub, "Deployment", "scheduler")).toMatchObject({
      spec: { template: { spec: { containers: [{ image: IMAGE }] } } },
    });
    const official = renderDeployment(renderInput());
    expect(JSON.stringify(official)).not.toContain(IMAGE);
    expect(JSON.stringify(official)).toContain("apache/airflow:");
  });
});
