// Deployments through tRPC: every field a bad spec gets wrong comes back in data.fieldErrors
// (over the real HTTP route too) with nothing written or queued, and a full round trip whose
// answers pass the procedures' output schemas.
import { jobs } from "@skyport/queue";
import { buildWorld } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { callerAs, createTestServices, serveRoutesWith } from "./support.ts";
import { ownerToken, postOverHttp, trpcError } from "./trpc-http.ts";

const services = await createTestServices();
const { db } = services;
serveRoutesWith(services);

const SPEC = {
  runtimeVersion: "2.11.0",
  executor: "CELERY",
  schedulerSize: "S",
  workerQueues: [{ name: "default", workerSize: "M", minWorkers: 1, maxWorkers: 3 }],
  airflowConfigOverrides: [{ section: "core", key: "max_active_tasks_per_dag", value: "32" }],
};

async function queuedJobs(): Promise<number> {
  const counts = await services.jobs.queue("provisioning").getJobCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

describe("bad specs get BAD_REQUEST naming every field, and nothing is written or queued", () => {
  it("refused Airflow settings, invalid sizes and worker counts, over HTTP", async () => {
    const world = await buildWorld(db);
    const token = await ownerToken(db, world.organizationId);
    const [deploymentsBefore, auditBefore, jobsBefore] = [
      await db.deployment.count(),
      await db.auditEvent.count(),
      await queuedJobs(),
    ];
    const refused = await postOverHttp("deployment.create", token, {
      organizationId: world.organizationId,
      workspaceId: world.workspaceId,
      name: "orders",
      spec: {
        ...SPEC,
        schedulerSize: "XL",
        workerQueues: [
          { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 3 },
          { name: "heavy", workerSize: "S", minWorkers: 4, maxWorkers: 2 },
        ],
        airflowConfigOverrides: [
          { section: "celery", key: "broker_url", value: "redis://elsewhere:6379/0" },
          { section: "core", key: "parallelism", value: "0" },
        ],
      },
    });
    expect(refused.status).toBe(400);
    const fieldErrors = refused.error?.data.fieldErrors ?? {};
    expect(Object.keys(fieldErrors).sort()).toEqual([
      "spec.airflowConfigOverrides.0.key",
      "spec.airflowConfigOverrides.1.value",
      "spec.schedulerSize",
      "spec.workerQueues.1.maxWorkers",
    ]);
    expect(fieldErrors["spec.airflowConfigOverrides.0.key"]?.[0]).toMatch(
      /celery\.broker_url cannot be overridden: it would let the deployment reach outside its own isolated runtime/,
    );
    expect(fieldErrors["spec.workerQueues.1.maxWorkers"]?.[0]).toMatch(/at least minWorkers \(4\)/);
    expect(refused.error?.data.field).toBeTruthy();
    expect(Object.keys(fieldErrors)).toContain(refused.error?.data.field);

    const badName = await postOverHttp("deployment.create", token, {
      organizationId: world.organizationId,
      workspaceId: world.workspaceId,
      name: "Orders Pipeline",
      spec: SPEC,
    });
    expect(badName.status).toBe(400);
    expect(Object.keys(badName.error?.data.fieldErrors ?? {})).toEqual(["name"]);

    expect(await db.deployment.count()).toBe(deploymentsBefore);
    expect(await db.auditEvent.count()).toBe(auditBefore);
    expect(await queuedJobs()).toBe(jobsBefore);
  });

  it("a mistyped confirmation names confirmName; a duplicate name is a CONFLICT on name", async () => {
    const world = await buildWorld(db);
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const jobsBefore = await queuedJobs();
    const duplicate = await trpcError(
      owner.deployment.create({
        organizationId: world.organizationId,
        workspaceId: world.workspaceId,
        name: "etl",
        spec: SPEC,
      }),
    );
    expect(duplicate.code).toBe("CONFLICT");
    const mistyped = await trpcError(
      owner.deployment.delete({
        organizationId: world.organizationId,
        deploymentId: world.deploymentId,
        confirmName: "ETL",
      }),
    );
    expect(mistyped.code).toBe("BAD_REQUEST");
    expect(mistyped.message).toMatch(/^confirmName: /);
    expect(await queuedJobs()).toBe(jobsBefore);
  });
});

describe("a deployment's life through the procedures", () => {
  it("create, list, get, update, delete: outputs typed, jobs queued, members read only", async () => {
    const world = await buildWorld(db);
    const { organizationId, workspaceId } = world;
    const operator = await callerAs(services, world.actor("workspaceOperator"));
    const member = await callerAs(services, world.actor("workspaceMember"));

    const catalog = await member.deployment.runtimeCatalog();
    expect(catalog.runtimes.some((r) => r.major === 2) && catalog.runtimes.some((r) => r.major === 3)).toBe(
      true,
    );

    const created = await operator.deployment.create({
      organizationId,
      workspaceId,
      name: "orders",
      description: "Order pipelines",
      spec: SPEC,
    });
    expect(created.reconcileQueued).toBe(true);
    const { deployment } = created;
    expect(deployment).toMatchObject({
      status: "CREATING",
      generation: 1,
      runtime: { version: "2.11.0", major: 2, image: "apache/airflow:2.11.0-python3.12" },
    });
    expect(deployment.airflowUrl).toBe(`https://${deployment.namespace}.skyport.localhost`);
    const createJob = await services.jobs
      .queue("provisioning")
      .getJob(`${jobs.deploymentReconcile.name}.${deployment.id}-1-create`);
    expect(createJob?.data).toEqual({ deploymentId: deployment.id, generation: 1, reason: "create" });

    const ref = { organizationId, deploymentId: deployment.id };
    const listed = (await member.deployment.list({ organizationId, workspaceId })).items;
    expect(listed.map((d) => d.name)).toContain("orders");
    const seen = await member.deployment.get(ref);
    expect(seen.can).toEqual({ update: false, delete: false, manageEnvironment: false });
    expect(seen.spec.workerQueues).toEqual([
      { name: "default", workerSize: "M", minWorkers: 1, maxWorkers: 3, workerConcurrency: 16 },
    ]);
    expect((await operator.deployment.get(ref)).can).toEqual({
      update: true,
      delete: true,
      manageEnvironment: true,
    });

    expect((await trpcError(member.deployment.update({ ...ref, description: "mine" }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await trpcError(member.deployment.create({ organizationId, workspaceId, name: "mine", spec: SPEC })))
        .code,
    ).toBe("FORBIDDEN");

    const updated = await operator.deployment.update({
      ...ref,
      spec: { ...SPEC, executor: "KUBERNETES", workerQueues: [] },
    });
    expect(updated.deployment).toMatchObject({
      generation: 2,
      spec: { executor: "KUBERNETES", workerQueues: [] },
    });

    const deleting = await operator.deployment.delete({ ...ref, confirmName: "orders" });
    expect(deleting.deployment).toMatchObject({ status: "DELETING", generation: 3, deletedAt: null });
    expect((await trpcError(operator.deployment.delete({ ...ref, confirmName: "orders" }))).code).toBe(
      "CONFLICT",
    );

    const outsider = await callerAs(services, world.actor("outsider"));
    expect((await trpcError(outsider.deployment.get(ref))).code).toBe("NOT_FOUND");
    expect((await trpcError(callerAs(services, null).then((c) => c.deployment.runtimeCatalog()))).code).toBe(
      "UNAUTHORIZED",
    );
  });
});
