// Organization members, workspace roles, teams and the organization/workspace context, from
// the CLI against the real REST API.
import { describe, expect, it } from "vitest";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser, scriptedTerminal, words } from "./support/cli.ts";

const server = await apiServerForThisFile();
const db = server.services.db;
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });
const bob = await CliUser.signedUp(server, "Bob");
await CliUser.join(server, bob, ada.organizationId);

describe("skyport organization user", () => {
  it("lists members, changes a role by email, invites someone and lists the invitation", async () => {
    const list = await ada.run(["organization", "user", "list", "-o", "json"]);
    expect(
      list
        .json()
        .map((m: { email: string }) => m.email)
        .sort(),
    ).toEqual([ada.email, bob.email].sort());

    const updated = await ada.run([
      ...["organization", "user", "update", bob.email.toUpperCase()],
      ...["--role", "organization_billing_admin", "-o", "json"],
    ]);
    expect(updated.code).toBe(0);
    expect(updated.json()).toMatchObject({
      userId: bob.userId,
      role: "ORGANIZATION_BILLING_ADMIN",
      organizationId: ada.organizationId,
    });

    const invited = await ada.run(["organization", "user", "invite", "grace@example.com", "-o", "json"]);
    expect(invited.code).toBe(0);
    expect(invited.json()).toMatchObject({
      email: "grace@example.com",
      role: "ORGANIZATION_MEMBER",
      status: "PENDING",
      organizationId: ada.organizationId,
    });
    const invitations = await ada.run(["organization", "user", "list", "--invitations"]);
    expect(invitations.stdout).toMatch(/grace@example\.com\s+ORGANIZATION_MEMBER\s+PENDING/);
  });

  it("refuses an unknown role before calling the server, and an unknown member by name", async () => {
    const badRole = await ada.run(["organization", "user", "update", bob.email, "--role", "ADMIN"]);
    const nobody = await ada.run(
      words("organization user update nobody@example.com --role ORGANIZATION_MEMBER"),
    );

    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain(
      "argument 'ADMIN' is invalid. must be one of ORGANIZATION_OWNER, ORGANIZATION_BILLING_ADMIN, ORGANIZATION_MEMBER",
    );
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain(
      "no member with the id or name “nobody@example.com” in this organization",
    );
  });
});

describe("skyport workspace user and team", () => {
  it("grants, lists, changes and takes away a user's workspace role", async () => {
    const add = await ada.run(words(`workspace user add ${bob.email} --role WORKSPACE_AUTHOR -o json`));
    expect(add.code).toBe(0);
    expect(add.json()).toMatchObject({ type: "user", userId: bob.userId, role: "WORKSPACE_AUTHOR" });
    expect(add.json().workspaceId).toBe((await ada.storedConfig()).workspaceId);

    const update = await ada.run(
      words(`workspace user update ${bob.userId} --role WORKSPACE_OPERATOR -o json`),
    );
    expect(update.json().role).toBe("WORKSPACE_OPERATOR");

    const list = await ada.run(["workspace", "user", "list", "-o", "json"]);
    expect(list.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: bob.userId, role: "WORKSPACE_OPERATOR", organizationOwner: false }),
        expect.objectContaining({ userId: ada.userId, role: "WORKSPACE_OWNER", organizationOwner: true }),
      ]),
    );

    const remove = await ada.run(["workspace", "user", "remove", bob.email]);
    expect(remove.code).toBe(0);
    const after = await ada.run(["workspace", "user", "list", "-o", "json"]);
    expect(after.json().map((b: { userId: string }) => b.userId)).not.toContain(bob.userId);
  });

  it("manages a team, its members and its workspace role", async () => {
    const created = await ada.run(["team", "create", "Data Eng", "--description", "pipelines", "-o", "json"]);
    expect(created.json()).toMatchObject({ name: "Data Eng", organizationId: ada.organizationId });

    const member = await ada.run(["team", "member", "add", "data eng", bob.email, "-o", "json"]);
    expect(member.json()).toMatchObject({ id: bob.userId, team: "Data Eng" });
    const members = await ada.run(["team", "member", "list", "Data Eng", "-o", "json"]);
    expect(members.json().map((m: { email: string }) => m.email)).toEqual([bob.email]);

    const granted = await ada.run([
      "workspace",
      "team",
      "add",
      "Data Eng",
      "--role",
      "WORKSPACE_MEMBER",
      "-o",
      "json",
    ]);
    expect(granted.json()).toMatchObject({
      type: "team",
      teamId: created.json().id,
      role: "WORKSPACE_MEMBER",
    });
    const teams = await ada.run(["workspace", "team", "list"]);
    expect(teams.stdout).toMatch(/team\s+Data Eng\s+\S+\s+WORKSPACE_MEMBER/);

    const renamed = await ada.run(["team", "update", "Data Eng", "--name", "Platform", "-o", "json"]);
    expect(renamed.json().name).toBe("Platform");
    expect((await ada.run(["team", "member", "remove", "Platform", bob.email])).code).toBe(0);

    const refused = await ada.run(["team", "delete", "Platform"]);
    expect(refused.code).toBe(2);
    const deleted = await ada.run(["team", "delete", "Platform", "--yes"]);
    expect(deleted.code).toBe(0);
    expect((await ada.run(["team", "list", "-o", "json"])).json()).toEqual([]);
  });

  it("needs a workspace: exit 2 saying how to choose one", async () => {
    const stranger = await CliUser.create(server.url);
    expect((await stranger.run(["login", "--token", bob.token])).code).toBe(0);
    // Bob's own organization has no workspace yet.
    const result = await stranger.run(["workspace", "user", "list", "--organization", bob.organizationId]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "no workspace chosen: pass --workspace-id ID|NAME, set SKYPORT_WORKSPACE",
    );
  });
});

describe("organization and workspace context", () => {
  it("asks someone in several organizations to choose, then works in the one they switch to", async () => {
    expect((await ada.run(["workspace", "user", "add", bob.email, "--role", "WORKSPACE_MEMBER"])).code).toBe(
      0,
    );
    const laptop = await CliUser.create(server.url);
    const login = await laptop.run(["login", "--token", bob.token]);
    expect(login.stderr).toContain("You belong to several organizations");

    const undecided = await laptop.run(["workspace", "list"]);
    expect(undecided.code).toBe(2);
    expect(undecided.stderr).toContain("you belong to several organizations");
    expect(undecided.stderr).toContain(ada.organizationId);
    expect(undecided.stderr).toContain(bob.organizationId);

    const fromEnvironment = await laptop.run(["workspace", "list", "-o", "json"], {
      env: { SKYPORT_ORGANIZATION: "Ada's data team" },
    });
    expect(fromEnvironment.code).toBe(0);
    expect(fromEnvironment.json().map((w: { name: string }) => w.name)).toEqual(["Analytics"]);

    expect((await laptop.run(["organization", "switch", ada.organizationId])).code).toBe(0);
    expect((await laptop.run(["workspace", "switch", "analytics"])).code).toBe(0);
    const whoami = await laptop.run(["whoami", "-o", "json"]);
    expect(whoami.json()).toMatchObject({
      organization: { id: ada.organizationId },
      workspace: { name: "Analytics" },
    });

    // Another organization has other workspaces: switching clears the current one.
    expect((await laptop.run(["organization", "switch", bob.organizationId])).code).toBe(0);
    expect((await laptop.storedConfig()).workspaceId).toBeUndefined();
  });

  it("deletes a workspace after confirmation and forgets it as the current one", async () => {
    const created = await ada.run(["workspace", "create", "Scratch", "-o", "json"]);
    expect((await ada.run(["workspace", "switch", "Scratch"])).code).toBe(0);

    const refused = await ada.run(["workspace", "delete", "Scratch"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to delete a workspace without --yes");

    const terminal = scriptedTerminal(true);
    const deleted = await ada.run(["workspace", "delete", "Scratch"], { terminal });
    expect(deleted.code).toBe(0);
    expect(terminal.asked).toEqual([`Delete workspace “Scratch” (${created.json().id})?`]);
    expect((await ada.storedConfig()).workspaceId).toBeUndefined();
    expect(await db.workspace.count({ where: { id: created.json().id } })).toBe(0);
  });

  it("lists workspaces page by page and renames one", async () => {
    for (const name of ["P1", "P2", "P3"]) await ada.run(["workspace", "create", name]);

    const listed = await ada.run(["workspace", "list", "-o", "json"], { pageSize: 2 });
    const renamed = await ada.run(["workspace", "update", "P1", "--name", "Renamed", "-o", "json"]);

    expect(listed.json().map((w: { name: string }) => w.name)).toEqual(
      expect.arrayContaining(["Analytics", "P1", "P2", "P3"]),
    );
    expect(renamed.json()).toMatchObject({ name: "Renamed", organizationId: ada.organizationId });
  });
});

it("removes a member after confirmation on a terminal", async () => {
  const terminal = scriptedTerminal(true);

  const result = await ada.run(["organization", "user", "remove", bob.email], { terminal });

  expect(result.code).toBe(0);
  expect(terminal.asked[0]).toContain(`Remove Bob <${bob.email}> from the organization?`);
  expect(
    await db.organizationMembership.count({
      where: { organizationId: ada.organizationId, userId: bob.userId },
    }),
  ).toBe(0);
});
