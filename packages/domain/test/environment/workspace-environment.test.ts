// Workspace objects and what deployments receive: links to all or chosen deployments, the
// deployment's own objects overriding the workspace's, Airflow variables (case-blind keys), the
// reconciles a change asks for, and the 1 MiB Secret limit checked before anything is written.
import {
  createAirflowConnection,
  createAirflowVariable,
  createEnvironmentVariable,
  deleteEnvironmentVariable,
  ForbiddenError,
  getDeploymentEnvironment,
  listAirflowVariables,
  listEnvironmentVariables,
  updateAirflowVariable,
  updateEnvironmentVariable,
} from "@skyport/domain";
import { describe, expect, it } from "vitest";
import {
  addDeployment,
  as,
  buildWorld,
  clashOf,
  db,
  delivered,
  errorOf,
  freshServices,
  onDeployment,
  onWorkspace,
  reconciledDeployments,
  validationIssues,
  writesIn,
} from "./support.ts";

describe("workspace objects", () => {
  it("reach all of the workspace's deployments, or only the chosen ones", async () => {
    const world = await buildWorld(db);
    const second = await addDeployment(world, "reports");
    const author = as(world, "workspaceAuthor");
    const services = freshServices();
    const everywhere = await createEnvironmentVariable(
      author,
      { ...onWorkspace(world), key: "COMPANY", value: "acme", linkAllDeployments: true },
      services,
    );
    expect(everywhere.affectedDeploymentIds.sort()).toEqual([world.deploymentId, second].sort());
    expect(await reconciledDeployments(services.producer)).toEqual([world.deploymentId, second].sort());
    await createEnvironmentVariable(
      author,
      { ...onWorkspace(world), key: "ONLY_REPORTS", value: "yes", linkedDeploymentIds: [second] },
      freshServices(),
    );
    await createEnvironmentVariable(
      author,
      { ...onWorkspace(world), key: "NOWHERE", value: "x" },
      freshServices(),
    );
    expect(await delivered(world, world.deploymentId)).toEqual({ COMPANY: "acme" });
    expect(await delivered(world, second)).toEqual({ COMPANY: "acme", ONLY_REPORTS: "yes" });
    const listed = (
      await listEnvironmentVariables(as(world, "workspaceMember"), onWorkspace(world), freshServices())
    ).items;
    expect(listed.map((v) => [v.key, v.scope, v.value])).toEqual([
      ["COMPANY", "WORKSPACE", null],
      ["NOWHERE", "WORKSPACE", null],
      ["ONLY_REPORTS", "WORKSPACE", null],
    ]);
  });

  it("are overridden by the deployment's own object of the same delivered name", async () => {
    const world = await buildWorld(db);
    const author = as(world, "workspaceAuthor");
    const onAll = { ...onWorkspace(world), linkAllDeployments: true };
    await createEnvironmentVariable(author, { ...onAll, key: "REGION", value: "eu" }, freshServices());
    await createAirflowVariable(author, { ...onAll, key: "threshold", value: "10" }, freshServices());
    await createAirflowConnection(
      author,
      { ...onAll, connectionId: "warehouse", uri: "postgres://shared-db/x" },
      freshServices(),
    );
    await createEnvironmentVariable(
      author,
      { ...onDeployment(world), key: "REGION", value: "us" },
      freshServices(),
    );
    // Airflow upper-cases ids and keys: these replace the workspace's `threshold` and `warehouse`.
    await createAirflowVariable(
      author,
      { ...onDeployment(world), key: "THRESHOLD", value: "99" },
      freshServices(),
    );
    await createAirflowConnection(
      author,
      { ...onDeployment(world), connectionId: "Warehouse", uri: "postgres://own-db/x" },
      freshServices(),
    );

    expect(await delivered(world, world.deploymentId)).toEqual({
      REGION: "us",
      THRESHOLD: "99",
      Warehouse: "postgres://own-db/x",
    });
    const view = await getDeploymentEnvironment(author, onDeployment(world).owner, freshServices());
    expect(view.delivered.map((d) => [d.name, d.scope, d.value])).toEqual([
      ["AIRFLOW_CONN_WAREHOUSE", "DEPLOYMENT", "postgres://own-db/x"],
      ["AIRFLOW_VAR_THRESHOLD", "DEPLOYMENT", "99"],
      ["REGION", "DEPLOYMENT", "us"],
    ]);
    expect(view.overridden.map((d) => [d.name, d.scope, d.value]).sort()).toEqual([
      ["AIRFLOW_CONN_WAREHOUSE", "WORKSPACE", "postgres://shared-db/x"],
      ["AIRFLOW_VAR_THRESHOLD", "WORKSPACE", "10"],
      ["REGION", "WORKSPACE", "eu"],
    ]);
    expect(view.totalBytes).toBe(
      "REGION".length +
        2 +
        "AIRFLOW_VAR_THRESHOLD".length +
        2 +
        "AIRFLOW_CONN_WAREHOUSE".length +
        "postgres://own-db/x".length,
    );
    // Deleting the deployment's own REGION lets the workspace's through again.
    await deleteEnvironmentVariable(author, { ...onDeployment(world), key: "REGION" }, freshServices());
    expect((await delivered(world, world.deploymentId)).REGION).toBe("eu");
  });

  it("reconcile the deployments they stop reaching as well as the ones they start reaching", async () => {
    const world = await buildWorld(db);
    const second = await addDeployment(world, "reports");
    const author = as(world, "workspaceAuthor");
    const { environmentVariable } = await createEnvironmentVariable(
      author,
      { ...onWorkspace(world), key: "FLAG", value: "1", linkedDeploymentIds: [world.deploymentId] },
      freshServices(),
    );
    const services = freshServices();
    const moved = await updateEnvironmentVariable(
      author,
      { ...onWorkspace(world), id: environmentVariable.id, linkedDeploymentIds: [second] },
      services,
    );
    expect(moved.affectedDeploymentIds.sort()).toEqual([world.deploymentId, second].sort());
    expect(await reconciledDeployments(services.producer)).toEqual([world.deploymentId, second].sort());
    expect(await delivered(world, world.deploymentId)).toEqual({});
    expect(await delivered(world, second)).toEqual({ FLAG: "1" });
  });

  it("link only to live deployments of their own workspace", async () => {
    const world = await buildWorld(db);
    const other = await buildWorld(db);
    const issues = await validationIssues(() =>
      createEnvironmentVariable(
        as(world, "workspaceAuthor"),
        {
          ...onWorkspace(world),
          key: "K",
          value: "v",
          linkedDeploymentIds: [world.deploymentId, other.deploymentId, "nope"],
        },
        freshServices(),
      ),
    );
    expect(issues).toEqual([
      "linkedDeploymentIds.1: is not a deployment of this workspace",
      "linkedDeploymentIds.2: is not a deployment of this workspace",
    ]);
    expect(
      await validationIssues(() =>
        createEnvironmentVariable(
          as(world, "workspaceAuthor"),
          {
            ...onWorkspace(world),
            key: "K",
            value: "v",
            linkAllDeployments: true,
            linkedDeploymentIds: [world.deploymentId],
          },
          freshServices(),
        ),
      ),
    ).toEqual([
      "linkedDeploymentIds: choose either all of the workspace's deployments or chosen ones, not both",
    ]);
  });

  it("are managed by workspace authors and above, not by deployment admins", async () => {
    const world = await buildWorld(db);
    const error = await errorOf(() =>
      createEnvironmentVariable(
        as(world, "deploymentAdmin"),
        { ...onWorkspace(world), key: "K", value: "v" },
        freshServices(),
      ),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    await createEnvironmentVariable(
      as(world, "workspaceOwner"),
      { ...onWorkspace(world), key: "K", value: "v" },
      freshServices(),
    );
  });
});

describe("Airflow variables", () => {
  it("clash ignoring case, keep a description, and mask secret values", async () => {
    const world = await buildWorld(db);
    const author = as(world, "workspaceAuthor");
    const clash = await clashOf(createAirflowVariable, author, {
      first: { ...onDeployment(world), key: "api_limit", value: "500", description: "Calls per minute" },
      second: { ...onDeployment(world), key: "API_LIMIT", value: "1" },
      field: "key",
    });
    expect(clash.message).toContain("Airflow reads “API_LIMIT” under the same name");
    expect(
      await validationIssues(() =>
        createAirflowVariable(author, { ...onDeployment(world), key: "a.b", value: "1" }, freshServices()),
      ),
    ).toEqual([
      "key: must be letters, digits and '_': Airflow reads the variable from AIRFLOW_VAR_<KEY>, and '.', '-' or other characters cannot appear in an environment variable name",
    ]);
    await updateAirflowVariable(
      author,
      { ...onDeployment(world), key: "api_limit", isSecret: true },
      freshServices(),
    );
    const [listed] = (await listAirflowVariables(author, onDeployment(world), freshServices())).items;
    expect(listed).toMatchObject({
      key: "api_limit",
      description: "Calls per minute",
      isSecret: true,
      value: null,
      masked: true,
    });
    expect(await delivered(world, world.deploymentId)).toEqual({ api_limit: "500" });
  });
});

describe("the Secret size limit", () => {
  it("refuses a change that would take a deployment past 1 MiB, naming the field, and writes nothing", async () => {
    const world = await buildWorld(db);
    const second = await addDeployment(world, "reports");
    const author = as(world, "workspaceAuthor");
    const big = "x".repeat(60 * 1024);
    // 17 values of 60 KiB on the deployment: 1020 KiB plus names, just under the limit.
    for (let i = 0; i < 17; i++) {
      await createEnvironmentVariable(
        author,
        { ...onDeployment(world), key: `BIG_${i}`, value: big },
        freshServices(),
      );
    }
    const before = await writesIn(world.organizationId);
    const services = freshServices();
    // A workspace variable for all deployments would push the first one over.
    const issues = await validationIssues(() =>
      createEnvironmentVariable(
        author,
        { ...onWorkspace(world), key: "SHARED", value: big, linkAllDeployments: true },
        services,
      ),
    );
    expect(issues).toEqual([
      "value: deployment “etl” would receive 1.05 MiB of environment variables, connections and Airflow variables; they are delivered in one Kubernetes Secret, which holds at most 1.00 MiB",
    ]);
    expect(await writesIn(world.organizationId)).toEqual(before);
    expect(await reconciledDeployments(services.producer)).toEqual([]);
    // Linked only to the other deployment, it fits.
    const fits = await createEnvironmentVariable(
      author,
      { ...onWorkspace(world), key: "SHARED", value: big, linkedDeploymentIds: [second] },
      freshServices(),
    );
    expect(fits.affectedDeploymentIds).toEqual([second]);
    // And linking it everywhere later is refused on the links field.
    expect(
      await validationIssues(() =>
        updateEnvironmentVariable(
          author,
          { ...onWorkspace(world), key: "SHARED", linkAllDeployments: true },
          freshServices(),
        ),
      ),
    ).toEqual([expect.stringMatching(/^linkedDeploymentIds: deployment “etl” would receive/)]);
  });
});
