// Deployments in the domain: spec validation naming every field (and writing nothing, not even
// a job), generations, names, the delete confirmation, roles and tenancy, one audit event per
// change, and the reconcile jobs handed to the worker.

import { DEFAULT_RUNTIME_VERSION } from "@skyport/deployment-spec";
import {
  ConflictError,
  createDeployment,
  type DeploymentServices,
  deleteDeployment,
  ForbiddenError,
  getDeployment,
  listDeployments,
  NotFoundError,
  runtimeCatalog,
  updateDeployment,
  ValidationError,
} from "@skyport/domain";
import { createRedisConnection, JobProducer, jobs } from "@skyport/queue";
import { buildWorld, createTestDatabase, type World } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";
import { freshProducer, queuePrefix } from "./job-queues.ts";
import { personaContexts, withAudit } from "./workspace-support.ts";

const { db } = await createTestDatabase();
/** A reconcile queue of its own (own key prefix), so a test can count exactly its jobs. */
function freshServices(): DeploymentServices & { producer: JobProducer } {
  const producer = freshProducer();
  return { jobs: producer, producer, baseDomain: "airflow.example.test" };
}

async function jobCount(producer: JobProducer): Promise<number> {
  const counts = await producer.queue("provisioning").getJobCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

function reconcileJobId(deploymentId: string, generation: number, reason: string): string {
  return `${jobs.deploymentReconcile.name}.${deploymentId}-${generation}-${reason}`;
}

async function reconcileJob(producer: JobProducer, deploymentId: string, generation: number, reason: string) {
  return producer.queue("provisioning").getJob(reconcileJobId(deploymentId, generation, reason));
}

const SPEC = {
  runtimeVersion: "3.3.1",
  executor: "CELERY",
  schedulerSize: "M",
  highAvailability: false,
  workerQueues: [
    { name: "heavy", workerSize: "L", minWorkers: 0, maxWorkers: 4, workerConcurrency: 8 },
    { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 5 },
  ],
  airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "64" }],
  contactEmails: ["Data@Example.com"],
};

const as = personaContexts(db);

async function create(
  world: World,
  services: DeploymentServices,
  name = "orders",
  spec: Record<string, unknown> = SPEC,
) {
  return createDeployment(
    as(world, "workspaceOperator"),
    { organizationId: world.organizationId, workspaceId: world.workspaceId, name, spec },
    services,
  );
}

describe("createDeployment", () => {
  it("records the desired state, audits it once and queues a reconcile after the commit", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const outcome = await withAudit(db, [world.organizationId], () =>
      createDeployment(
        as(world, "workspaceOperator"),
        {
          organizationId: world.organizationId,
          workspaceId: world.workspaceId,
          name: "orders",
          description: "  Order pipelines ",
          spec: SPEC,
        },
        services,
      ),
    );
    expect(outcome.error).toBeUndefined();
    const { deployment, reconcileQueued } = outcome.result ?? {};
    expect(reconcileQueued).toBe(true);
    expect(deployment).toMatchObject({
      name: "orders",
      description: "Order pipelines",
      status: "CREATING",
      statusReason: "Waiting for the provisioner to create the runtime.",
      generation: 1,
      observedGeneration: 0,
      deletedAt: null,
      runtime: { version: "3.3.1", major: 3, line: "3.3", image: "apache/airflow:3.3.1-python3.12" },
    });
    expect(deployment?.namespace).toMatch(/^skyport-[a-z0-9]{8}$/);
    expect(deployment?.airflowUrl).toBe(`https://${deployment?.namespace}.airflow.example.test`);

    // Stored normalised: queues in canonical order with concurrency filled in, emails lowercased.
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deployment?.id } });
    expect(row.spec).toEqual({
      name: "orders",
      description: "Order pipelines",
      runtimeVersion: "3.3.1",
      executor: "CELERY",
      schedulerSize: "M",
      highAvailability: false,
      workerQueues: [
        { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 5, workerConcurrency: 16 },
        { name: "heavy", workerSize: "L", minWorkers: 0, maxWorkers: 4, workerConcurrency: 8 },
      ],
      airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "64" }],
      contactEmails: ["data@example.com"],
    });
    expect(row.workspaceId).toBe(world.workspaceId);

    expect(outcome.events).toEqual([
      {
        action: "deployment.create",
        targets: [
          { type: "deployment", id: row.id, label: "orders" },
          // The workspace is named, not only identified: the audit log shows names.
          { type: "workspace", id: world.workspaceId, label: "Analytics" },
        ],
        metadata: { name: "orders", runtimeVersion: "3.3.1", executor: "CELERY" },
      },
    ]);

    const job = await reconcileJob(services.producer, row.id, 1, "create");
    expect(job?.name).toBe(jobs.deploymentReconcile.name);
    expect(job?.data).toEqual({ deploymentId: row.id, generation: 1, reason: "create" });
    expect(await jobCount(services.producer)).toBe(1);
  });

  it("gives every deployment its own namespace", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const namespaces = new Set<string>();
    for (const name of ["a1", "a2", "a3", "a4", "a5"]) {
      namespaces.add((await create(world, services, name)).deployment.namespace);
    }
    expect(namespaces.size).toBe(5);
  });

  it("reports cross-field problems together with field problems, naming worker queues as people do", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const error = (await create(world, services, "twins", {
      executor: "CELERY",
      schedulerSize: "XL",
      workerQueues: [{ name: "default" }, { name: "default" }],
    }).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { field: "spec.schedulerSize", message: "schedulerSize must be one of S, M, L" },
      {
        field: "spec.workerQueues.1.name",
        message: "Worker queue 2: name `default` is already used by worker queue 1",
      },
    ]);
  });

  it("uses the catalog's default runtime when runtimeVersion is left out, and an update keeps the deployment's own", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const { deployment } = await create(world, services, "defaults", { executor: "CELERY" });
    expect(deployment.spec.runtimeVersion).toBe(DEFAULT_RUNTIME_VERSION);
    const older = await create(world, services, "older", { executor: "CELERY", runtimeVersion: "2.11.0" });
    const updated = await updateDeployment(
      as(world, "workspaceOperator"),
      {
        organizationId: world.organizationId,
        deploymentId: older.deployment.id,
        spec: { executor: "KUBERNETES" },
      },
      services,
    );
    expect(updated.deployment.spec.runtimeVersion).toBe("2.11.0");
  });

  it("refuses an invalid spec naming every field at fault, and writes no row, no audit event and no job", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const before = await db.deployment.count();
    const outcome = await withAudit(db, [world.organizationId], () =>
      create(world, services, "orders", {
        ...SPEC,
        schedulerSize: "XL",
        workerQueues: [{ name: "default", workerSize: "S", minWorkers: 3, maxWorkers: 2 }],
        airflowConfigOverrides: [
          { section: "core", key: "fernet_key", value: "x" },
          { section: "core", key: "parallelism", value: "5000" },
          { section: "kubernetes_executor", key: "namespace", value: "kube-system" },
        ],
      }),
    );
    expect(outcome.error).toBeInstanceOf(ValidationError);
    const error = outcome.error as ValidationError;
    const fields = error.issues.map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "spec.schedulerSize",
        "spec.workerQueues.0.maxWorkers",
        "spec.airflowConfigOverrides.0.key",
        "spec.airflowConfigOverrides.1.value",
        "spec.airflowConfigOverrides.2.key",
      ]),
    );
    expect(fields).toContain(error.field);
    const refused = error.issues.find((issue) => issue.field === "spec.airflowConfigOverrides.0.key");
    expect(refused?.message).toMatch(/core\.fernet_key cannot be overridden: it is a platform-held secret/);
    // Messages name fields the way the person wrote them, never by internal path.
    expect(error.message).toContain(
      "Airflow setting 3: key kubernetes_executor.namespace cannot be overridden",
    );
    expect(error.message).toContain("Worker queue 1: maxWorkers must be at least minWorkers (3)");
    expect(error.message).not.toContain("spec.");
    expect(outcome.events).toEqual([]);
    expect(await db.deployment.count()).toBe(before);
    expect(await jobCount(services.producer)).toBe(0);
  });

  it("names the top-level fields for a bad name or description, and refuses them inside the spec", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const fieldsOf = async (call: Promise<unknown>) => {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues.map((issue) => issue.field);
    };
    expect(await fieldsOf(create(world, services, "Not A DNS Name"))).toEqual(["name"]);
    expect(
      await fieldsOf(
        createDeployment(
          as(world, "workspaceOperator"),
          {
            organizationId: world.organizationId,
            workspaceId: world.workspaceId,
            name: "ok",
            description: "x".repeat(501),
            spec: { ...SPEC, name: "sneaky" },
          },
          services,
        ),
      ),
    ).toEqual(["spec.name", "description"]);
    expect(await fieldsOf(create(world, services, "ok", { ...SPEC, runtimeVersion: "1.10.15" }))).toEqual([
      "spec.runtimeVersion",
    ]);
    expect(
      await fieldsOf(create(world, services, "ok", "not an object" as unknown as Record<string, unknown>)),
    ).toEqual(["spec"]);
    expect(await jobCount(services.producer)).toBe(0);
  });

  it("keeps names unique in the workspace whatever their case, except for DELETED deployments", async () => {
    const world = await buildWorld(db); // already has "etl"
    const services = freshServices();
    const clash = await withAudit(db, [world.organizationId], () => create(world, services, "etl"));
    expect(clash.error).toBeInstanceOf(ConflictError);
    expect((clash.error as ConflictError).field).toBe("name");
    expect(clash.events).toEqual([]);

    // Rows written before names were DNS labels may hold capitals: still a clash.
    await db.deployment.create({
      data: {
        organizationId: world.organizationId,
        workspaceId: world.workspaceId,
        name: "Reporting",
        spec: {},
        namespace: `skyport-legacy${world.workspaceId.slice(-6)}`,
      },
    });
    expect(await create(world, services, "reporting").catch((e: unknown) => e)).toBeInstanceOf(ConflictError);

    await db.deployment.create({
      data: {
        organizationId: world.organizationId,
        workspaceId: world.workspaceId,
        name: "archive",
        spec: {},
        status: "DELETED",
        deletedAt: new Date(),
        namespace: `skyport-gone${world.workspaceId.slice(-6)}`,
      },
    });
    expect((await create(world, services, "archive")).deployment.name).toBe("archive");

    // Another workspace of the organization may use the same name.
    const other = await db.workspace.create({
      data: { organizationId: world.organizationId, name: "Other" },
    });
    const elsewhere = await createDeployment(
      as(world, "organizationOwner"),
      { organizationId: world.organizationId, workspaceId: other.id, name: "etl", spec: SPEC },
      services,
    );
    expect(elsewhere.deployment.workspaceId).toBe(other.id);
    // Only the two successful creates were queued.
    expect(await jobCount(services.producer)).toBe(2);
  });

  it("lets only one of two concurrent creates with the same name through", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const outcomes = await Promise.allSettled([
      create(world, services, "twin"),
      create(world, services, "twin"),
      create(world, services, "twin"),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(ConflictError);
    }
    expect(await db.deployment.count({ where: { workspaceId: world.workspaceId, name: "twin" } })).toBe(1);
    expect(await jobCount(services.producer)).toBe(1);
  });

  it("still creates the deployment when the queue is unreachable (the drift sweep picks it up)", async () => {
    const world = await buildWorld(db);
    // Nothing listens on port 1: the connection is refused, as when Redis is down.
    const down = createRedisConnection("redis://127.0.0.1:1", {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeoutMs: 500,
    });
    const producer = new JobProducer(down, `${queuePrefix}-down`);
    producer.queue("provisioning").on("error", () => {});
    afterAll(async () => {
      await producer.close().catch(() => {});
      down.disconnect();
    });
    const { deployment, reconcileQueued } = await create(world, { jobs: producer, baseDomain: "x.test" });
    expect(reconcileQueued).toBe(false);
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    expect(row).toMatchObject({ status: "CREATING", generation: 1, observedGeneration: 0 });
    expect(row.statusReason).toMatch(/waiting for the provisioner/i);
  });
});

/** A new deployment, the services its changes enqueue on, and a workspace operator to change it. */
async function operatedDeployment() {
  const world = await buildWorld(db);
  const services = freshServices();
  const { deployment } = await create(world, services);
  const ref = { organizationId: world.organizationId, deploymentId: deployment.id };
  return { world, services, deployment, ref, operator: as(world, "workspaceOperator") };
}

describe("updateDeployment", () => {
  it("sets a Git source as a new generation, audited by field, and refuses one leaving its repository", async () => {
    const { world, services, deployment, ref, operator } = await operatedDeployment();
    const gitSource = {
      url: "https://github.com/acme/dags.git",
      ref: "main",
      subPath: "dags",
      connectionId: "acme_git",
    };

    const set = await withAudit(db, [world.organizationId], () =>
      updateDeployment(operator, { ...ref, spec: { ...SPEC, gitSource } }, services),
    );
    expect(set.error).toBeUndefined();
    expect(set.result?.deployment).toMatchObject({ generation: 2, spec: { gitSource } });
    expect(set.events.map((e) => [e.action, e.metadata])).toEqual([
      ["deployment.update", { changedFields: ["spec.gitSource"], generation: 2 }],
    ]);

    const refused = await withAudit(db, [world.organizationId], () =>
      updateDeployment(
        operator,
        { ...ref, spec: { ...SPEC, gitSource: { ...gitSource, subPath: "../../etc" } } },
        services,
      ),
    );
    expect(refused.error).toBeInstanceOf(ValidationError);
    expect((refused.error as ValidationError).issues).toEqual([
      {
        field: "spec.gitSource.subPath",
        message: "Git source: subPath must not contain '..' (it must stay inside the repository)",
      },
    ]);
    expect(refused.events).toEqual([]);
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    expect(row.generation).toBe(2);
    expect((row.spec as { gitSource?: unknown }).gitSource).toEqual(gitSource);
  });

  it("bumps the generation only when the runtime's spec changes", async () => {
    const { world, services, deployment, ref, operator } = await operatedDeployment();

    // The same spec written differently (queue order, case of emails) is no change.
    const same = await withAudit(db, [world.organizationId], () =>
      updateDeployment(
        operator,
        {
          ...ref,
          spec: {
            ...SPEC,
            workerQueues: [...SPEC.workerQueues].reverse(),
            contactEmails: ["data@example.com"],
          },
        },
        services,
      ),
    );
    expect(same.result).toMatchObject({
      reconcileQueued: false,
      deployment: { generation: 1, status: "CREATING" },
    });
    expect(same.events).toEqual([
      {
        action: "deployment.update",
        targets: [{ type: "deployment", id: deployment.id, label: "orders" }],
        metadata: { changedFields: [], generation: 1 },
      },
    ]);

    // A description alone: audited, no new generation, no job.
    const described = await withAudit(db, [world.organizationId], () =>
      updateDeployment(operator, { ...ref, description: "Orders, hourly" }, services),
    );
    expect(described.result?.deployment).toMatchObject({ generation: 1, description: "Orders, hourly" });
    expect(described.result?.deployment.spec.description).toBe("Orders, hourly");
    expect(described.events.map((e) => e.metadata)).toEqual([
      { changedFields: ["description"], generation: 1 },
    ]);
    expect(await jobCount(services.producer)).toBe(1); // only the create

    // A new queue: generation 2; never converged yet, so it stays CREATING.
    const queues = [...SPEC.workerQueues, { name: "reports", workerSize: "M", minWorkers: 0, maxWorkers: 2 }];
    const changed = await withAudit(db, [world.organizationId], () =>
      updateDeployment(operator, { ...ref, spec: { ...SPEC, workerQueues: queues } }, services),
    );
    expect(changed.result).toMatchObject({
      reconcileQueued: true,
      deployment: { generation: 2, status: "CREATING", description: "Orders, hourly" },
    });
    expect(changed.events.map((e) => e.metadata)).toEqual([
      { changedFields: ["spec.workerQueues"], generation: 2 },
    ]);
    expect((await reconcileJob(services.producer, deployment.id, 2, "update"))?.data).toEqual({
      deploymentId: deployment.id,
      generation: 2,
      reason: "update",
    });

    // Once the worker has converged, a change marks it UPDATING and names the generation.
    await db.deployment.update({
      where: { id: deployment.id },
      data: { observedGeneration: 2, status: "HEALTHY", statusReason: "All components ready." },
    });
    const upgraded = await updateDeployment(
      operator,
      { ...ref, spec: { ...SPEC, workerQueues: queues, runtimeVersion: "3.2.1", highAvailability: true } },
      services,
    );
    expect(upgraded.deployment).toMatchObject({
      generation: 3,
      observedGeneration: 2,
      status: "UPDATING",
      statusReason: "Waiting for the provisioner to apply generation 3.",
      runtime: { version: "3.2.1" },
    });
    expect(await jobCount(services.producer)).toBe(3);
  });

  it("of two concurrent spec changes, one wins and the other is a CONFLICT (no lost generation)", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const { deployment } = await create(world, services);
    const ref = { organizationId: world.organizationId, deploymentId: deployment.id };
    const outcomes = await Promise.allSettled(
      // Three different specs, each different from every other.
      [{ schedulerSize: "S" }, { schedulerSize: "L" }, { highAvailability: true }].map((change) =>
        updateDeployment(as(world, "workspaceOperator"), { ...ref, spec: { ...SPEC, ...change } }, services),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(ConflictError);
    }
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    // Each winner bumped the generation once; every bump has its job.
    expect(row.generation).toBe(1 + won.length);
    expect(await jobCount(services.producer)).toBe(1 + won.length);
  });

  it("validates the new spec like create does, writing nothing when it is refused", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const { deployment } = await create(world, services);
    const before = await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    const outcome = await withAudit(db, [world.organizationId], () =>
      updateDeployment(
        as(world, "workspaceOperator"),
        {
          organizationId: world.organizationId,
          deploymentId: deployment.id,
          spec: {
            ...SPEC,
            workerQueues: [{ name: "default", workerSize: "XXL", minWorkers: 1, maxWorkers: 2 }],
            airflowConfigOverrides: [
              { section: "database", key: "sql_alchemy_conn", value: "postgresql://x" },
            ],
          },
        },
        services,
      ),
    );
    expect((outcome.error as ValidationError).issues.map((i) => i.field)).toEqual([
      "spec.workerQueues.0.workerSize",
      "spec.airflowConfigOverrides.0.key",
    ]);
    expect(outcome.events).toEqual([]);
    expect(await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } })).toEqual(before);
    expect(await jobCount(services.producer)).toBe(1);
  });
});

describe("deleteDeployment", () => {
  it("requires the typed name, then marks it DELETING with a new generation and queues the removal", async () => {
    const { world, services, deployment, ref, operator } = await operatedDeployment();

    const mistyped = await withAudit(db, [world.organizationId], () =>
      deleteDeployment(operator, { ...ref, confirmName: "order" }, services),
    );
    expect(mistyped.error).toBeInstanceOf(ValidationError);
    expect((mistyped.error as ValidationError).field).toBe("confirmName");
    expect(mistyped.events).toEqual([]);
    expect((await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } })).status).toBe("CREATING");

    const deleted = await withAudit(db, [world.organizationId], () =>
      deleteDeployment(operator, { ...ref, confirmName: "orders" }, services),
    );
    expect(deleted.result).toMatchObject({
      reconcileQueued: true,
      deployment: {
        status: "DELETING",
        generation: 2,
        deletedAt: null,
        statusReason: "Waiting for the provisioner to remove the runtime.",
      },
    });
    expect(deleted.events).toEqual([
      {
        action: "deployment.delete",
        targets: [{ type: "deployment", id: deployment.id, label: "orders" }],
        metadata: { name: "orders", namespace: deployment.namespace, generation: 2 },
      },
    ]);
    expect((await reconcileJob(services.producer, deployment.id, 2, "delete"))?.data).toEqual({
      deploymentId: deployment.id,
      generation: 2,
      reason: "delete",
    });

    // Deleting twice, or changing a deployment being deleted, is a conflict; nothing is written.
    const again = await withAudit(db, [world.organizationId], () =>
      deleteDeployment(operator, { ...ref, confirmName: "orders" }, services),
    );
    expect(again.error).toBeInstanceOf(ConflictError);
    const update = await withAudit(db, [world.organizationId], () =>
      updateDeployment(operator, { ...ref, description: "too late" }, services),
    );
    expect(update.error).toBeInstanceOf(ConflictError);
    expect([...again.events, ...update.events]).toEqual([]);
    expect(await jobCount(services.producer)).toBe(2);

    // Still listed (DELETING) until the worker marks it DELETED; then only with includeDeleted.
    const list = (includeDeleted?: boolean) =>
      listDeployments(operator, { ...ref, workspaceId: world.workspaceId, includeDeleted }, services).then(
        (page) => page.items,
      );
    expect((await list()).map((d) => d.name)).toContain("orders");
    await db.deployment.update({
      where: { id: deployment.id },
      data: { status: "DELETED", deletedAt: new Date() },
    });
    expect((await list()).map((d) => d.name)).not.toContain("orders");
    expect((await list(true)).map((d) => d.name)).toContain("orders");
    expect(await getDeployment(operator, ref, services).catch((e: unknown) => e)).toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("roles and tenancy", () => {
  it("lets workspace members read but not create, change or delete", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const { deployment } = await create(world, services);
    const ref = { organizationId: world.organizationId, deploymentId: deployment.id };
    const member = as(world, "workspaceMember");

    const listed = await listDeployments(
      member,
      { organizationId: world.organizationId, workspaceId: world.workspaceId },
      services,
    );
    expect(listed.items.map((d) => d.name)).toEqual(["etl", "orders"]);
    const read = await getDeployment(member, ref, services);
    expect(read.can).toEqual({ update: false, delete: false, manageEnvironment: false });
    expect(read.spec.workerQueues.map((q) => q.name)).toEqual(["default", "heavy"]);

    for (const attempt of [
      () =>
        createDeployment(
          member,
          { organizationId: world.organizationId, workspaceId: world.workspaceId, name: "mine", spec: SPEC },
          services,
        ),
      () => updateDeployment(member, { ...ref, description: "mine now" }, services),
      () => deleteDeployment(member, { ...ref, confirmName: "orders" }, services),
    ]) {
      const outcome = await withAudit(db, [world.organizationId], attempt);
      expect(outcome.error).toBeInstanceOf(ForbiddenError);
      expect(outcome.events).toEqual([]);
    }
    // Authors rank below operators: forbidden too.
    expect(
      await updateDeployment(as(world, "workspaceAuthor"), { ...ref, description: "x" }, services).catch(
        (e: unknown) => e,
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(await jobCount(services.producer)).toBe(1);
  });

  it("lets operators (directly or through a team) and the deployment's admins change and delete it", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    for (const persona of ["workspaceOperator", "teamWorkspaceOperator", "deploymentAdmin"] as const) {
      const details = await getDeployment(as(world, persona), ref, services);
      expect(details.can, persona).toEqual({ update: true, delete: true, manageEnvironment: true });
      const outcome = await withAudit(db, [world.organizationId], () =>
        updateDeployment(as(world, persona), { ...ref, description: `by ${persona}` }, services),
      );
      expect(outcome.error, persona).toBeUndefined();
      expect(outcome.events).toHaveLength(1);
    }
    // A deployment admin holds no workspace role: they cannot create deployments.
    expect(
      await createDeployment(
        as(world, "deploymentAdmin"),
        { organizationId: world.organizationId, workspaceId: world.workspaceId, name: "x", spec: SPEC },
        services,
      ).catch((e: unknown) => e),
    ).toBeInstanceOf(ForbiddenError);
    const deleted = await deleteDeployment(
      as(world, "deploymentAdmin"),
      { ...ref, confirmName: "etl" },
      services,
    );
    expect(deleted.deployment.status).toBe("DELETING");
  });

  it("answers NOT_FOUND for another tenant's ids, exactly as for a missing id", async () => {
    const world = await buildWorld(db);
    const services = freshServices();
    const { deployment } = await create(world, services);
    const outsider = as(world, "outsider");
    const owner = as(world, "organizationOwner");
    const attempts: Array<() => Promise<unknown>> = [
      // The outsider owns another organization and names ids of this one.
      () =>
        getDeployment(
          outsider,
          { organizationId: world.organizationId, deploymentId: deployment.id },
          services,
        ),
      () =>
        listDeployments(
          outsider,
          { organizationId: world.organizationId, workspaceId: world.workspaceId },
          services,
        ),
      () =>
        updateDeployment(
          outsider,
          { organizationId: world.organizationId, deploymentId: deployment.id, description: "x" },
          services,
        ),
      () =>
        deleteDeployment(
          outsider,
          { organizationId: world.organizationId, deploymentId: deployment.id, confirmName: "orders" },
          services,
        ),
      () =>
        createDeployment(
          outsider,
          { organizationId: world.organizationId, workspaceId: world.workspaceId, name: "x", spec: SPEC },
          services,
        ),
      // Its own organization with this organization's deployment or workspace id.
      () =>
        getDeployment(
          outsider,
          { organizationId: world.otherOrganizationId, deploymentId: deployment.id },
          services,
        ),
      () =>
        createDeployment(
          outsider,
          {
            organizationId: world.otherOrganizationId,
            workspaceId: world.workspaceId,
            name: "x",
            spec: SPEC,
          },
          services,
        ),
      // This organization's owner with the other organization's workspace.
      () =>
        listDeployments(
          owner,
          { organizationId: world.organizationId, workspaceId: world.otherWorkspaceId },
          services,
        ),
      () => getDeployment(owner, { organizationId: world.organizationId, deploymentId: "missing" }, services),
    ];
    for (const attempt of attempts) {
      const outcome = await withAudit(db, [world.organizationId, world.otherOrganizationId], attempt);
      expect(outcome.error).toBeInstanceOf(NotFoundError);
      expect(outcome.events).toEqual([]);
    }
    expect(await jobCount(services.producer)).toBe(1);
  });
});

describe("runtimeCatalog", () => {
  it("offers Airflow 2 and 3 runtimes, both executors, sized S/M/L, and the refused settings with reasons", () => {
    const catalog = runtimeCatalog();
    expect(new Set(catalog.runtimes.map((r) => r.major))).toEqual(new Set([2, 3]));
    expect(catalog.runtimes.map((r) => r.version)).toContain(catalog.defaultRuntimeVersion);
    expect(catalog.executors.map((e) => e.value)).toEqual(["CELERY", "KUBERNETES"]);
    expect(catalog.sizes.find((s) => s.size === "M")?.scheduler).toEqual({
      cpuMillis: 2000,
      memoryMiB: 4096,
      cpu: "2",
      memory: "4Gi",
    });
    expect(catalog.refusedSettings).toContainEqual(
      expect.objectContaining({
        section: "core",
        key: "fernet_key",
        reason: expect.stringMatching(/secret/),
      }),
    );
    expect(catalog.rangedSettings).toContainEqual(
      expect.objectContaining({ section: "core", key: "parallelism", kind: "integer", min: 1, max: 1024 }),
    );
  });

  it("says which runtime line reads a setting Airflow 3 moved, and what the other line reads", () => {
    const catalog = runtimeCatalog();
    const ranged = (section: string, key: string) =>
      catalog.rangedSettings.find((s) => s.section === section && s.key === key)?.runtimeMajor;
    expect(ranged("scheduler", "dag_dir_list_interval")).toBe(2);
    expect(ranged("dag_processor", "refresh_interval")).toBe(3);
    expect(ranged("core", "parallelism")).toBeNull();
    expect(catalog.movedSettings).toContainEqual({
      airflow2: "scheduler.dag_dir_list_interval",
      airflow3: "dag_processor.refresh_interval",
    });
  });
});
