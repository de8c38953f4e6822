// The console's environment forms against the real procedures: the page's guess of who may edit
// matches what the server shows each role, an edit form submitted untouched keeps a secret value,
// a connection's password and secret extra fields survive an edit, and the server's per-line
// import errors land on lines of the preview the page showed.
import { deliveredEnvironment } from "@skyport/domain";
import { buildWorld, PERSONAS, type Persona, type World } from "@skyport/testing";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import {
  editDraftOf as connectionEditDraft,
  updateInputOf as connectionUpdateInput,
} from "@/components/environment/connection-model.ts";
import {
  importProblems,
  previewDotenv,
  withServerProblems,
} from "@/components/environment/dotenv-preview.ts";
import { editDraftOf, updateInputOf } from "@/components/environment/key-value-model.ts";
import {
  deploymentEnvironmentAccess,
  workspaceEnvironmentAccess,
} from "@/components/environment/permissions.ts";
import { errorDetails } from "@/server/trpc/error-formatter.ts";
import { callerAs, createTestServices, deploymentOwner } from "./support.ts";
import { trpcError } from "./trpc-http.ts";

const services = await createTestServices();
const { db } = services;

const canary = () => `canary-${Math.random().toString(36).slice(2)}`;

async function received(world: World): Promise<Record<string, string | null>> {
  const entries = await deliveredEnvironment(db, services.secrets, {
    organizationId: world.organizationId,
    workspaceId: world.workspaceId,
    id: world.deploymentId,
  });
  return Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
}

/** A fresh world, its workspace author's caller, and the world's deployment as an environment owner. */
async function authorOnDeployment() {
  const world = await buildWorld(db);
  const author = await callerAs(services, world.actor("workspaceAuthor"));
  const ref = deploymentOwner(world);
  return { world, author, ref };
}

/** The one row a list answers: the variable the test has just created. */
async function onlyRow<Row>(list: Promise<{ items: Row[] }>): Promise<Row> {
  const [row] = (await list).items;
  if (!row) throw new Error("the variable was not listed");
  return row;
}

function refused(error: unknown): null {
  if (error instanceof TRPCError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND")) return null;
  throw error;
}

describe("the page's access guess agrees with the server", () => {
  it("for every role: forms exactly when the server shows non-secret values", async () => {
    const world = await buildWorld(db);
    const owner = await callerAs(services, world.actor("workspaceOwner"));
    const onDeployment = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    const onWorkspace = { organizationId: world.organizationId, workspaceId: world.workspaceId };
    const onDeploymentOwner = deploymentOwner(world);
    const workspaceOwner = { kind: "workspace" as const, ...onWorkspace };
    await owner.environmentVariable.create({ owner: onDeploymentOwner, key: "REGION", value: "eu" });
    await owner.environmentVariable.create({ owner: workspaceOwner, key: "COMPANY", value: "acme" });

    const checked: Persona[] = [];
    for (const persona of PERSONAS) {
      const caller = await callerAs(services, world.actor(persona));
      const deployment = await caller.deployment.get(onDeployment).catch(refused);
      const workspace = await caller.workspace.get(onWorkspace).catch(refused);
      if (deployment) {
        // Exactly what the deployment environment pages compute.
        const access = deploymentEnvironmentAccess({
          canManageEnvironment: deployment.can.manageEnvironment,
          deleting: false,
        });
        const [row] = (await caller.environmentVariable.list({ owner: onDeploymentOwner })).items;
        expect(row?.masked, `${persona} on the deployment`).toBe(!access.canManage);
        checked.push(persona);
      }
      if (workspace) {
        const access = workspaceEnvironmentAccess(workspace.role);
        const [row] = (await caller.environmentVariable.list({ owner: workspaceOwner })).items;
        expect(row?.masked, `${persona} on the workspace`).toBe(!access.canManage);
      }
    }
    // Every persona with a role on the deployment was exercised, the deployment admin (no
    // workspace role) included.
    const noRoleThere: Persona[] = ["billingAdmin", "organizationMember", "outsider"];
    expect(checked).toEqual(expect.arrayContaining(PERSONAS.filter((p) => !noRoleThere.includes(p))));
  });
});

describe("edit forms keep what they cannot show", () => {
  it("a secret variable's form, saved untouched, keeps the value; typed into, replaces it", async () => {
    const { world, author, ref } = await authorOnDeployment();
    const value = canary();
    await author.environmentVariable.create({ owner: ref, key: "API_TOKEN", value, isSecret: true });
    const row = await onlyRow(author.environmentVariable.list({ owner: ref }));
    expect(row.value).toBeNull();

    await author.environmentVariable.update({
      owner: ref,
      ...updateInputOf(row, editDraftOf(row), false),
    });
    expect((await received(world)).API_TOKEN).toBe(value);

    const rotated = canary();
    await author.environmentVariable.update({
      owner: ref,
      ...updateInputOf(row, { ...editDraftOf(row), value: rotated }, false),
    });
    expect((await received(world)).API_TOKEN).toBe(rotated);
  });

  it("an Airflow variable's description change leaves its secret value alone", async () => {
    const { world, author, ref } = await authorOnDeployment();
    const value = canary();
    await author.airflowVariable.create({ owner: ref, key: "partner_key", value, isSecret: true });
    const row = await onlyRow(author.airflowVariable.list({ owner: ref }));
    const draft = { ...editDraftOf(row), description: "Key for the partner API" };
    const changed = await author.airflowVariable.update({
      owner: ref,
      ...updateInputOf(row, draft, true),
    });
    expect(changed.airflowVariable.description).toBe("Key for the partner API");
    expect((await received(world)).partner_key).toBe(value);
  });

  it("a connection's form, saved untouched, keeps the password and secret extra fields", async () => {
    const { world, author, ref } = await authorOnDeployment();
    const password = canary();
    const privateKey = canary();
    await author.airflowConnection.create({
      owner: ref,
      connectionId: "warehouse",
      connType: "postgres",
      host: "db.internal",
      port: 5432,
      login: "etl",
      password,
      extra: { sslmode: "require", private_key: privateKey },
      secretExtraFields: ["private_key"],
    });
    const [view] = (await author.airflowConnection.list({ owner: ref })).items;
    if (!view) throw new Error("the connection was not listed");
    expect(JSON.stringify(view)).not.toContain(password);
    expect(JSON.stringify(view)).not.toContain(privateKey);

    const draft = { ...connectionEditDraft(view), host: "db2.internal" };
    const built = connectionUpdateInput(view, draft);
    if (!built.ok) throw new Error("the draft was refused locally");
    await author.airflowConnection.update({ owner: ref, ...built.input });

    const delivered = (await received(world)).warehouse ?? "";
    expect(delivered).toContain("db2.internal");
    expect(delivered).toContain(encodeURIComponent(password));
    expect(delivered).toContain(privateKey);
  });
});

describe("the import preview and the server agree on lines", () => {
  it("each line the server refuses is a line the preview showed, and nothing was written", async () => {
    const { author, ref } = await authorOnDeployment();
    await author.environmentVariable.create({ owner: ref, key: "EXISTING", value: "1" });
    const text = "# settings\nGOOD=1\nAIRFLOW__CORE__FERNET_KEY=x\n\nEXISTING=2\n1BAD=3\n";
    const preview = previewDotenv(text);
    expect(preview.problemCount).toBe(0);

    const error = await trpcError(author.environmentVariable.import({ owner: ref, text }));
    // What the browser receives as error.data (the formatter every tRPC answer goes through).
    const details = errorDetails(error);
    const { byLine, other } = importProblems({ message: details.message, data: details });
    expect(other).toEqual([]);
    expect([...byLine.keys()].sort()).toEqual([3, 5, 6]);
    const lines = withServerProblems(preview, byLine);
    expect(lines.map((line) => line.line)).toEqual(preview.lines.map((line) => line.line));
    expect(lines.find((line) => line.line === 5)?.problems[0]).toMatch(/^Name: EXISTING already exists/);
    expect((await author.environmentVariable.list({ owner: ref })).items.map((row) => row.key)).toEqual([
      "EXISTING",
    ]);
  });
});
