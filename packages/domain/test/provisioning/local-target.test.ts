// The `local` target through the reconciler, for what needs no Airflow: the KUBERNETES executor
// and a missing Python end FAILED with the cause and the fix, an image deploy is refused (local
// runtimes run no images), and render-only says why nothing runs. (Real Airflow processes: e2e/tests/local-runtime.test.ts.)
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LOCAL_IMAGE_REFUSAL } from "@skyport/domain/provisioning";
import { LocalRuntimes } from "@skyport/local-runtime";
import { afterAll, describe, expect, it } from "vitest";
import { createHarness, createReconciler, type Harness, SPEC, storedSpec } from "./support.ts";

const harness: Harness = await createHarness();
const root = await mkdtemp(path.join(os.tmpdir(), "skyport-local-target-"));
afterAll(() => rm(root, { recursive: true, force: true }));

function localReconciler(python: string) {
  const local = new LocalRuntimes({
    stateDir: path.join(root, python.replaceAll("/", "_")),
    python,
    brokerUrl: "redis://127.0.0.1:1/0",
  });
  return createReconciler(harness, { local });
}

/** Creates a deployment through a local reconciler that uses `python`: the run's outcome and the row after it. */
async function createLocally(python: string, deployment?: Parameters<Harness["createDeployment"]>[0]) {
  const fixture = localReconciler(python);
  try {
    const { id } = await harness.createDeployment(deployment);
    const outcome = await fixture.run(id, "create");
    return { outcome, row: await harness.deploymentRow(id) };
  } finally {
    await fixture.close();
  }
}

describe("the local target", () => {
  it("fails a KUBERNETES executor deployment with a plain reason, starting nothing", async () => {
    const { outcome, row } = await createLocally("python3", {
      spec: storedSpec({ ...SPEC, executor: "KUBERNETES", workerQueues: [] }),
    });
    expect(outcome).toMatchObject({ outcome: "failed" });
    expect(row.status).toBe("FAILED");
    expect(row.statusReason).toBe(
      "The KUBERNETES executor starts a pod per task and needs a Kubernetes cluster; local runtimes run the CELERY executor. Fix: switch the deployment's executor to CELERY, or configure a cluster (KUBECONFIG)",
    );
  });

  it("fails with the install command when the configured Python does not exist", async () => {
    const { outcome, row } = await createLocally(path.join(root, "no-such-python3"));
    expect(outcome).toMatchObject({ outcome: "failed" });
    expect(row.status).toBe("FAILED");
    expect(row.statusReason).toMatch(
      /^Python 3 not found \(.*no-such-python3\): local runtimes need Python 3\.10–3\.13\./,
    );
    expect(row.statusReason).toContain(
      "Fix: sudo apt-get install -y python3 python3-venv, or set SKYPORT_PYTHON",
    );
  });

  it("fails an image deploy with the plain reason that local runtimes run no images", async () => {
    const fixture = localReconciler(path.join(root, "no-python-for-images"));
    try {
      const deployment = await harness.createDeployment();
      const { organizationId } = await harness.deploymentRow(deployment.id);
      const deploy = await harness.db.deploy.create({
        data: {
          organizationId,
          deploymentId: deployment.id,
          number: 1,
          kind: "IMAGE",
          image: "ghcr.io/acme/airflow:1.0",
          runtimeVersion: "3.3.1",
          actorType: "user",
          actorId: "someone",
          actorLabel: "someone@example.com",
          status: "ROLLING_OUT",
        },
      });
      await fixture.run(deployment.id, "update");
      const after = await harness.db.deploy.findUniqueOrThrow({ where: { id: deploy.id } });
      expect(after.status).toBe("FAILED");
      expect(after.statusReason).toBe(LOCAL_IMAGE_REFUSAL);
      expect(after.statusReason).toContain(
        "runs Airflow from a virtual environment on this machine, not from images",
      );
      expect(after.endedAt).not.toBeNull();
    } finally {
      await fixture.close();
    }
  });

  it("render-only says why nothing runs", async () => {
    const because =
      "no Kubernetes cluster is configured (set KUBECONFIG), and local runtimes need Python 3.10–3.13";
    const fixture = createReconciler(harness, { renderOnlyBecause: because });
    try {
      const deployment = await harness.createDeployment();
      expect(await fixture.run(deployment.id, "create")).toMatchObject({ outcome: "rendered" });
      const row = await harness.deploymentRow(deployment.id);
      expect(row.status).toBe("UNHEALTHY");
      expect(row.statusReason).toMatch(new RegExp(`— not applied: ${because.replace(/[()]/g, "\\$&")}$`));
    } finally {
      await fixture.close();
    }
  });
});
