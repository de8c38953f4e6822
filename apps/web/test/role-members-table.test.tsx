// @vitest-environment happy-dom
// The one members table behind the organization's and a workspace's member lists: managers
// change roles inline and remove someone only after confirming; rows that cannot change
// (a role inherited from organization ownership) offer neither.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { type RoleHolder, RoleMembersTable } from "@/components/members/role-members-table.tsx";

afterEach(cleanup);

const OPTIONS = [
  { value: "WORKSPACE_MEMBER", label: "Workspace member" },
  { value: "WORKSPACE_OWNER", label: "Workspace owner" },
];

const holders: RoleHolder[] = [
  { key: "user-1", name: "Dana Scully", who: "Dana Scully", role: "WORKSPACE_MEMBER", editable: true },
  {
    key: "user-2",
    name: "Walter Skinner",
    who: "Walter Skinner",
    role: "WORKSPACE_OWNER",
    note: "Organization owner: always a workspace owner.",
    editable: false,
  },
];

function renderTable(calls: string[], refuse = false) {
  render(
    <RoleMembersTable
      caption="Members"
      holderColumn="Member"
      holders={holders}
      roleOptions={OPTIONS}
      canManage
      actions={{
        saveRole: async (holder, role) => {
          calls.push(`save ${holder.key} ${role}`);
          if (refuse) throw new Error("the last owner cannot be demoted");
        },
        remove: async (holder) => {
          calls.push(`remove ${holder.key}`);
        },
        removeVerb: "Revoke",
        removeQuestion: (holder) => `Revoke the workspace role of ${holder.name}?`,
      }}
    />,
  );
}

describe("the role members table", () => {
  it("removes only after the confirmation, and only rows that can change", async () => {
    const calls: string[] = [];
    renderTable(calls);
    expect(screen.getAllByRole("button", { name: "Revoke" })).toHaveLength(1);
    expect(screen.queryByLabelText("Role of Walter Skinner")).toBeNull();
    expect(screen.getByText("Organization owner: always a workspace owner.")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Revoke" }));
    expect(calls).toEqual([]);
    expect(screen.getByText("Revoke the workspace role of Dana Scully?")).toBeTruthy();
    const confirm = screen.getAllByRole("button", { name: "Revoke", hidden: true }).at(-1);
    if (!confirm) throw new Error("no confirm button");
    fireEvent.click(confirm);
    await waitFor(() => expect(calls).toEqual(["remove user-1"]));
  });

  it("saves a changed role and shows a refusal on its row", async () => {
    const calls: string[] = [];
    renderTable(calls, true);
    fireEvent.change(screen.getByLabelText("Role of Dana Scully"), { target: { value: "WORKSPACE_OWNER" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe("The last owner cannot be demoted"),
    );
    expect(calls).toEqual(["save user-1 WORKSPACE_OWNER"]);
  });
});
