// The console's environment pages, their plain logic: who gets forms, what an edit sends (a
// secret left empty is kept), connection drafts from fields or a URI, the .env preview and the
// server's line errors put back on their lines, link choices, and the words around them.
import { describe, expect, it } from "vitest";
import { changeNotice } from "@/components/environment/change-notice.ts";
import {
  createInputOf as connectionCreateInput,
  editDraftOf as connectionEditDraft,
  updateInputOf as connectionUpdateInput,
  EMPTY_CONNECTION,
  extraFieldNames,
  hostAndPort,
} from "@/components/environment/connection-model.ts";
import { formatBytes, formatUsage } from "@/components/environment/delivered.ts";
import {
  importProblems,
  previewDotenv,
  withServerProblems,
} from "@/components/environment/dotenv-preview.ts";
import { unplacedError } from "@/components/environment/errors.ts";
import {
  createInputOf,
  EMPTY_KEY_VALUE,
  editDraftOf,
  updateInputOf,
} from "@/components/environment/key-value-model.ts";
import { describeLinks, linksDraftOf, linksInput } from "@/components/environment/links.ts";
import { environmentHref, environmentTabs } from "@/components/environment/owner.ts";
import {
  deploymentEnvironmentAccess,
  workspaceEnvironmentAccess,
} from "@/components/environment/permissions.ts";
import type { AirflowConnection } from "@/components/environment/types.ts";

const fieldErrors = (errors: Record<string, string[]>, message = "invalid input") => ({
  message,
  data: { fieldErrors: errors },
});

describe("who gets forms", () => {
  it("on a workspace: authors and above manage, members see names only and are told why", () => {
    for (const role of ["WORKSPACE_OWNER", "WORKSPACE_OPERATOR", "WORKSPACE_AUTHOR"]) {
      expect(workspaceEnvironmentAccess(role)).toEqual({
        canManage: true,
        seesValues: true,
        readOnlyReason: null,
      });
    }
    const member = workspaceEnvironmentAccess("WORKSPACE_MEMBER");
    expect(member.canManage).toBe(false);
    expect(member.seesValues).toBe(false);
    expect(member.readOnlyReason).toMatch(/names only.*Workspace author/);
    expect(workspaceEnvironmentAccess(null).canManage).toBe(false);
  });

  it("on a deployment: offers changes exactly when the server says the caller may manage it", () => {
    expect(deploymentEnvironmentAccess({ canManageEnvironment: true, deleting: false }).canManage).toBe(true);
    const member = deploymentEnvironmentAccess({ canManageEnvironment: false, deleting: false });
    expect(member).toMatchObject({ canManage: false, seesValues: false });
    expect(member.readOnlyReason).toMatch(/Deployment admin/);
  });

  it("a deployment being deleted offers no changes but its editors still see values", () => {
    const deleting = deploymentEnvironmentAccess({ canManageEnvironment: true, deleting: true });
    expect(deleting).toMatchObject({ canManage: false, seesValues: true });
    expect(deleting.readOnlyReason).toMatch(/being deleted/);
  });
});

describe("environment variable and Airflow variable edits", () => {
  const secretRow = { id: "v1", key: "TOKEN", value: null, isSecret: true, masked: true, description: "" };
  const plainRow = {
    id: "v2",
    key: "REGION",
    value: "eu-west-1",
    isSecret: false,
    masked: false,
    description: "old",
  };

  it("a secret's edit form starts empty, and sending it untouched keeps the stored value", () => {
    const draft = editDraftOf(secretRow);
    expect(draft.value).toBe("");
    expect(updateInputOf(secretRow, draft, false)).toEqual({ id: "v1" });
  });

  it("a value typed into a secret's form replaces it; unticking secret is sent with it", () => {
    const draft = { ...editDraftOf(secretRow), value: "new-token", isSecret: false };
    expect(updateInputOf(secretRow, draft, false)).toEqual({ id: "v1", value: "new-token", isSecret: false });
  });

  it("a plain value is sent only when changed, an emptied one as the empty string", () => {
    const draft = editDraftOf(plainRow);
    expect(draft.value).toBe("eu-west-1");
    expect(updateInputOf(plainRow, draft, false)).toEqual({ id: "v2" });
    expect(updateInputOf(plainRow, { ...draft, value: "" }, false)).toEqual({ id: "v2", value: "" });
    expect(updateInputOf(plainRow, { ...draft, isSecret: true }, false)).toEqual({
      id: "v2",
      isSecret: true,
    });
  });

  it("descriptions go only to Airflow variables", () => {
    const draft = { ...editDraftOf(plainRow), description: "new" };
    expect(updateInputOf(plainRow, draft, true)).toEqual({ id: "v2", description: "new" });
    expect(updateInputOf(plainRow, draft, false)).toEqual({ id: "v2" });
    const created = { ...EMPTY_KEY_VALUE, key: "K", value: "v", description: "d" };
    expect(createInputOf(created, false)).toEqual({ key: "K", value: "v", isSecret: false });
    expect(createInputOf(created, true)).toEqual({ key: "K", value: "v", isSecret: false, description: "d" });
  });
});

function connection(overrides: Partial<AirflowConnection> = {}): AirflowConnection {
  return {
    id: "c1",
    scope: "DEPLOYMENT",
    workspaceId: "w",
    deploymentId: "d",
    connectionId: "warehouse",
    connType: "postgres",
    description: "",
    host: "db.internal",
    port: 5432,
    login: "etl",
    schema: "analytics",
    password: null,
    passwordSet: true,
    extra: { sslmode: "require", private_key: null },
    secretExtraFields: ["private_key"],
    masked: true,
    valueVersion: 1,
    linkAllDeployments: false,
    linkedDeploymentIds: [],
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

describe("Airflow connection drafts", () => {
  it("fields become typed input: a port number, the extra object, empty fields as none", () => {
    const built = connectionCreateInput({
      ...EMPTY_CONNECTION,
      connectionId: "warehouse",
      connType: "postgres",
      host: "db.internal",
      port: "5432",
      password: "s3cret",
      extra: '{"sslmode": "require", "token": "t"}',
      secretExtraFields: ["token", "gone"],
    });
    expect(built).toEqual({
      ok: true,
      input: {
        connectionId: "warehouse",
        description: "",
        // A ticked field no longer in the extra is dropped.
        secretExtraFields: ["token"],
        connType: "postgres",
        host: "db.internal",
        port: 5432,
        login: null,
        schema: null,
        extra: { sslmode: "require", token: "t" },
        password: "s3cret",
      },
    });
  });

  it("a pasted URI is sent as it is, with the secret fields ticked from its query", () => {
    const draft = {
      ...EMPTY_CONNECTION,
      connectionId: "api",
      source: "uri" as const,
      uri: "http://user:pw@api.example:8443/v1?token=abc&region=eu",
      secretExtraFields: ["token"],
    };
    expect(extraFieldNames(draft)).toEqual(["token", "region"]);
    expect(connectionCreateInput(draft)).toEqual({
      ok: true,
      input: { connectionId: "api", description: "", secretExtraFields: ["token"], uri: draft.uri },
    });
    const packed = { ...draft, uri: `gcp://?__extra__=${encodeURIComponent('{"keyfile_dict": {"a": 1}}')}` };
    expect(extraFieldNames(packed)).toEqual(["keyfile_dict"]);
  });

  it("text that is no port and no JSON object is named before the server is asked", () => {
    const built = connectionCreateInput({ ...EMPTY_CONNECTION, port: "five", extra: "[1, 2]" });
    expect(built).toEqual({
      ok: false,
      errors: { port: "Must be a whole number from 1 to 65535", extra: expect.stringMatching(/JSON object/) },
    });
    expect(connectionCreateInput({ ...EMPTY_CONNECTION, extra: "{sslmode" })).toMatchObject({
      ok: false,
      errors: { extra: expect.stringMatching(/valid JSON/) },
    });
  });

  it("an untouched edit sends the shown fields, no password, and secret extras as null (kept)", () => {
    const draft = connectionEditDraft(connection());
    expect(draft.password).toBe("");
    expect(JSON.parse(draft.extra)).toEqual({ sslmode: "require", private_key: null });
    const built = connectionUpdateInput(connection(), draft);
    expect(built.ok && built.input).toEqual({
      id: "c1",
      description: "",
      secretExtraFields: ["private_key"],
      connType: "postgres",
      host: "db.internal",
      port: 5432,
      login: "etl",
      schema: "analytics",
      extra: { sslmode: "require", private_key: null },
    });
    expect(built.ok && "password" in built.input).toBe(false);
  });

  it("a typed password replaces the stored one; removing it sends the empty string", () => {
    const draft = connectionEditDraft(connection());
    const typed = connectionUpdateInput(connection(), { ...draft, password: "rotated" });
    expect(typed.ok && typed.input.password).toBe("rotated");
    const removed = connectionUpdateInput(connection(), { ...draft, removePassword: true });
    expect(removed.ok && removed.input.password).toBe("");
  });

  it("the table shows host and port together, IPv6 hosts bracketed", () => {
    expect(hostAndPort(connection())).toBe("db.internal:5432");
    expect(hostAndPort(connection({ host: "::1", port: 5432 }))).toBe("[::1]:5432");
    expect(hostAndPort(connection({ host: null, port: null }))).toBeNull();
  });
});

describe(".env preview", () => {
  const text = [
    "# a comment",
    "WAREHOUSE_USER=etl",
    'export GREETING="hello\\nworld"',
    "not a line",
    "AIRFLOW__CORE__FERNET_KEY=x",
    "WAREHOUSE_USER=again",
  ].join("\n");

  it("shows what each line becomes and the syntax problems on their lines", () => {
    const preview = previewDotenv(text);
    expect(preview.entryCount).toBe(3);
    expect(preview.problemCount).toBe(2);
    expect(preview.lines.map((line) => [line.line, line.key, line.value])).toEqual([
      [2, "WAREHOUSE_USER", "etl"],
      [3, "GREETING", "hello\nworld"],
      [4, null, null],
      [5, "AIRFLOW__CORE__FERNET_KEY", "x"],
      [6, null, null],
    ]);
    expect(preview.lines[2]?.problems).toEqual(["Expected KEY=VALUE"]);
    expect(preview.lines[4]?.problems[0]).toMatch(/already set on line 2/);
  });

  it("puts the server's problems on their lines, without repeating a syntax problem already shown", () => {
    const preview = previewDotenv(text);
    const { byLine, other } = importProblems(
      fieldErrors({
        "lines.4": ["lines.4: expected KEY=VALUE"],
        "lines.5.key": ["lines.5.key: AIRFLOW__CORE__FERNET_KEY is a platform-held secret"],
        "lines.9.value": ["lines.9.value: must not contain NUL characters"],
        text: ["text: has 2 problems"],
      }),
    );
    expect(other).toEqual([{ field: "text", message: "Has 2 problems" }]);
    const lines = withServerProblems(preview, byLine);
    expect(lines.find((line) => line.line === 4)?.problems).toEqual(["Expected KEY=VALUE"]);
    expect(lines.find((line) => line.line === 5)?.problems).toEqual([
      "Name: AIRFLOW__CORE__FERNET_KEY is a platform-held secret",
    ]);
    // A line the preview did not know is added, in order.
    expect(lines.at(-1)).toEqual({
      line: 9,
      key: null,
      value: null,
      problems: ["Value: Must not contain NUL characters"],
    });
  });

  it("an error naming no field is kept whole", () => {
    expect(importProblems({ message: "deployment is being deleted" }).other).toEqual([
      { field: null, message: "deployment is being deleted" },
    ]);
    expect(importProblems(null).byLine.size).toBe(0);
  });
});

describe("links, errors and words", () => {
  const deployments = [
    { id: "d1", name: "orders-etl" },
    { id: "d2", name: "billing" },
  ];

  it("all deployments or chosen ones, never both", () => {
    expect(linksInput({ mode: "all", chosen: ["d1"] })).toEqual({
      linkAllDeployments: true,
      linkedDeploymentIds: [],
    });
    expect(linksInput({ mode: "chosen", chosen: ["d2"] })).toEqual({
      linkAllDeployments: false,
      linkedDeploymentIds: ["d2"],
    });
    expect(linksDraftOf({ linkAllDeployments: false, linkedDeploymentIds: ["d1"] })).toEqual({
      mode: "chosen",
      chosen: ["d1"],
    });
    expect(describeLinks({ linkAllDeployments: true, linkedDeploymentIds: [] }, deployments)).toBe(
      "All deployments",
    );
    expect(
      describeLinks({ linkAllDeployments: false, linkedDeploymentIds: ["d2", "gone"] }, deployments),
    ).toBe("billing, a deleted deployment");
    expect(describeLinks({ linkAllDeployments: false, linkedDeploymentIds: [] }, deployments)).toBe(
      "No deployment",
    );
  });

  it("only problems no input shows go above the form", () => {
    const shown = ["key", "value", "linkedDeploymentIds"];
    expect(unplacedError(fieldErrors({ key: ["key: is reserved"] }), shown)).toBeUndefined();
    expect(unplacedError(fieldErrors({ "linkedDeploymentIds.1": ["x"] }), shown)).toBeUndefined();
    expect(unplacedError(fieldErrors({ isSecret: ["isSecret: must be true or false"] }), shown)).toBe(
      "isSecret: must be true or false",
    );
    expect(unplacedError({ message: "the deployment is being deleted" }, shown)).toBe(
      "the deployment is being deleted",
    );
  });

  it("a change says which deployments get it, and when the provisioner could not be told", () => {
    expect(changeNotice("Added A", { affectedDeploymentIds: [], reconcileQueued: true })).toBe(
      "Added A. No deployment receives it yet.",
    );
    expect(changeNotice("Added A", { affectedDeploymentIds: ["d1", "d2"], reconcileQueued: true })).toBe(
      "Added A. The provisioner is delivering it to 2 deployments.",
    );
    expect(changeNotice("Added A", { affectedDeploymentIds: ["d1"], reconcileQueued: false })).toMatch(
      /next sweep/,
    );
  });

  it("every view has its own URL; only deployments have 'what it receives'", () => {
    const deployment = { kind: "deployment" as const, organizationId: "o", deploymentId: "d" };
    const workspace = { kind: "workspace" as const, organizationId: "o", workspaceId: "w" };
    expect(environmentHref(deployment)).toBe("/orgs/o/deployments/d/environment");
    expect(environmentHref(deployment, "delivered")).toBe("/orgs/o/deployments/d/environment/delivered");
    expect(environmentHref(workspace, "airflowVariables")).toBe(
      "/orgs/o/workspaces/w/environment/airflow-variables",
    );
    expect(environmentTabs(deployment).map((tab) => tab.tab)).toContain("delivered");
    expect(environmentTabs(workspace).map((tab) => tab.tab)).not.toContain("delivered");
  });

  it("the Secret's size reads in people's units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatUsage(12 * 1024, 1024 * 1024)).toBe("12 KiB of 1 MiB (1%)");
  });
});
