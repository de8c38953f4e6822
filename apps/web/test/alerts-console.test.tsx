// @vitest-environment happy-dom
// The deployment's alerts page: its rules with severity and scope, and its incidents with
// what happened, whether they are open (or muted) and why they resolved.
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { AlertRulesTable, IncidentsTable } from "@/components/alerts/alert-tables.tsx";
import { renderInConsole } from "./support/render.tsx";

afterEach(cleanup);

const at = new Date("2026-03-28T05:00:00Z");

describe("the alerts page", () => {
  it("lists rules with their severity and scope, and says how to add one when there is none", () => {
    renderInConsole(
      <AlertRulesTable
        rules={[
          {
            id: "r1",
            organizationId: "o",
            workspaceId: "w",
            deploymentId: null,
            name: "sales deadline",
            type: "DAG_TIMELINESS",
            severity: "CRITICAL",
            patterns: [],
            properties: {},
            channelIds: [],
            enabled: true,
            mutedUntil: null,
            mutes: [],
            createdAt: at,
            updatedAt: at,
          },
        ]}
      />,
    );
    const row = screen.getByRole("row", { name: /sales deadline/ });
    expect(within(row).getByText("CRITICAL")).toBeTruthy();
    expect(within(row).getByText("Every deployment of the workspace")).toBeTruthy();
    cleanup();
    renderInConsole(<AlertRulesTable rules={[]} />);
    expect(screen.getByText("No alert rules watch this deployment")).toBeTruthy();
  });

  it("shows open, muted and resolved incidents with the reason they resolved", () => {
    const base = {
      ruleId: "r1",
      ruleName: "sales deadline",
      deploymentId: "d",
      dagId: "daily_sales",
      taskId: null,
      runId: null,
      severity: "CRITICAL" as const,
      occurrences: 1,
      lastOccurredAt: null,
      openedAt: at,
    };
    renderInConsole(
      <IncidentsTable
        incidents={[
          {
            ...base,
            id: "i1",
            key: "k1",
            status: "OPEN",
            summary: "missed",
            muted: false,
            resolvedAt: null,
            resolveReason: null,
          },
          {
            ...base,
            id: "i2",
            key: "k2",
            status: "OPEN",
            summary: "quiet",
            muted: true,
            resolvedAt: null,
            resolveReason: null,
          },
          {
            ...base,
            id: "i3",
            key: "k3",
            status: "RESOLVED",
            summary: "late",
            muted: false,
            resolvedAt: new Date("2026-03-28T08:30:00Z"),
            resolveReason: "a successful run landed late",
          },
        ]}
      />,
    );
    expect(within(screen.getByRole("row", { name: /missed/ })).getByText("Open")).toBeTruthy();
    expect(within(screen.getByRole("row", { name: /quiet/ })).getByText("Open (muted)")).toBeTruthy();
    const resolved = screen.getByRole("row", { name: /late/ });
    expect(within(resolved).getByText("Resolved")).toBeTruthy();
    expect(within(resolved).getByText(/a successful run landed late/)).toBeTruthy();
  });
});
