// @vitest-environment happy-dom
// The deployment pages' defects a new user hit: the runtime picker's order, rows made six lines
// tall by long status reasons, "checking for changes" after the provisioner stopped, "Open
// Airflow" for a runtime that was never started, and a blank page while the console loads.

import { compareRuntimeVersionsNewestFirst } from "@skyport/deployment-spec";
import { runtimeCatalog } from "@skyport/domain";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { newestRuntimesFirst } from "@/components/deployments/catalog-order.ts";
import { DeploymentsTable } from "@/components/deployments/deployments-table.tsx";
import { airflowAvailability, provisionerWorking } from "@/components/deployments/runtime-state.ts";
import {
  DeploymentSpecFields,
  draftFromSpec,
  specInputFromDraft,
} from "@/components/deployments/spec-fields.tsx";
import type { DeploymentListItem, RuntimeCatalog } from "@/components/deployments/types.ts";
import ConsolePageLoading from "../app/orgs/[organizationId]/workspaces/(list)/loading.tsx";
import { renderInConsole } from "./support/render.tsx";

afterEach(cleanup);

describe("the runtime picker", () => {
  it("lists runtimes newest first, Airflow 3 before Airflow 2, by release number", () => {
    expect(["2.10.5", "3.1.8", "2.11.0", "3.3.1", "3.2.1"].sort(compareRuntimeVersionsNewestFirst)).toEqual([
      "3.3.1",
      "3.2.1",
      "3.1.8",
      "2.11.0",
      "2.10.5",
    ]);
    const catalog = newestRuntimesFirst(runtimeCatalog() as RuntimeCatalog);
    renderInConsole(
      <DeploymentSpecFields
        catalog={catalog}
        draft={draftFromSpec(catalog, null)}
        onChange={() => {}}
        error={null}
        idPrefix="test"
      />,
    );
    const picker = screen.getByLabelText("Airflow version") as HTMLSelectElement;
    const versions = [...picker.options].map((option) => option.value);
    expect(versions).toEqual([...versions].sort(compareRuntimeVersionsNewestFirst));
    expect(versions.slice(0, 1)).toEqual(["3.3.1"]);
    expect(versions.at(-1)).toBe("2.10.5");
  });
});

describe("the Git source fields", () => {
  const catalog = newestRuntimesFirst(runtimeCatalog() as RuntimeCatalog);
  const blank = draftFromSpec(catalog, null);

  it("sends no Git source while its fields are empty, and what was typed once any is filled", () => {
    expect("gitSource" in specInputFromDraft(blank)).toBe(false);
    const typed = {
      ...blank,
      gitSource: { url: " https://github.com/acme/dags.git ", ref: "", subPath: "dags", connectionId: "" },
    };
    expect(specInputFromDraft(typed).gitSource).toEqual({
      url: "https://github.com/acme/dags.git",
      ref: "",
      subPath: "dags",
    });
  });

  it("shows a deployment's Git source and the server's refusal beside the field it names", () => {
    const draft = {
      ...blank,
      gitSource: {
        url: "https://github.com/acme/dags.git",
        ref: "main",
        subPath: "../etc",
        connectionId: "acme_git",
      },
    };
    const message = "Git source: subPath must not contain '..' (it must stay inside the repository)";
    renderInConsole(
      <DeploymentSpecFields
        catalog={catalog}
        draft={draft}
        onChange={() => {}}
        error={{ message, data: { fieldErrors: { "spec.gitSource.subPath": [message] } } }}
        idPrefix="git"
      />,
    );
    expect((screen.getByLabelText("Repository URL (optional)") as HTMLInputElement).value).toBe(
      "https://github.com/acme/dags.git",
    );
    expect((screen.getByLabelText("Credentials connection") as HTMLInputElement).value).toBe("acme_git");
    const folder = screen.getByLabelText("DAG folder in the repository");
    expect(folder.getAttribute("aria-invalid")).toBe("true");
    const describedBy = folder.getAttribute("aria-describedby") ?? "";
    const errorText = describedBy
      .split(" ")
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" ");
    expect(errorText).toContain("must not contain '..'");
  });
});

const LONG_REASON =
  "Rendered to .skyport/manifests/skyport-0a1b2c3d/ — not applied: no Kubernetes cluster is configured (set KUBECONFIG). "
    .repeat(3)
    .trim();

function listItem(overrides: Partial<DeploymentListItem> = {}): DeploymentListItem {
  const now = new Date("2026-12-05T12:00:00Z");
  return {
    id: "d1",
    organizationId: "o1",
    workspaceId: "w1",
    name: "n".repeat(60),
    description: "",
    spec: {
      name: "x",
      description: "",
      runtimeVersion: "3.3.1",
      executor: "CELERY",
      schedulerSize: "S",
      highAvailability: false,
      workerQueues: [],
      airflowConfigOverrides: [],
      contactEmails: [],
    },
    generation: 1,
    observedGeneration: 1,
    status: "UNHEALTHY",
    statusReason: LONG_REASON,
    namespace: "skyport-0a1b2c3d",
    airflowUrl: "http://x.skyport.localhost",
    runtime: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    ...overrides,
  } as DeploymentListItem;
}

describe("the deployments table", () => {
  it("keeps long status reasons and names to one line, the whole text as tooltip", () => {
    render(<DeploymentsTable organizationId="o1" deployments={[listItem()]} />);
    const [, row] = screen.getAllByRole("row");
    if (!row) throw new Error("no data row");
    // The badge's tooltip and the one-line reason under it.
    const reason = within(row)
      .getAllByTitle(LONG_REASON)
      .find((element) => element.textContent === LONG_REASON);
    if (!reason) throw new Error("the reason is not shown");
    expect(reason.className).toContain("truncate");
    expect(reason.textContent).toBe(LONG_REASON);
    expect(within(row).getByTitle("n".repeat(60)).className).toContain("truncate");
    // A fixed layout: columns cannot be pushed out of view by one long cell.
    expect(screen.getByRole("table").className).toContain("table-fixed");
  });
});

describe("what the provisioner is doing", () => {
  const rendered = {
    status: "UNHEALTHY",
    statusReason: LONG_REASON,
    generation: 2,
    observedGeneration: 2,
  } as const;

  it("stops checking for changes once the provisioner is done, even if the runtime is unhealthy", () => {
    expect(provisionerWorking(rendered)).toBe(false);
    expect(provisionerWorking({ ...rendered, status: "HEALTHY", statusReason: "" })).toBe(false);
    expect(provisionerWorking({ ...rendered, observedGeneration: 1 })).toBe(true);
    expect(provisionerWorking({ ...rendered, status: "DEPLOYING" })).toBe(true);
    expect(provisionerWorking({ ...rendered, status: "DELETING" })).toBe(true);
  });

  it("does not offer Airflow for a runtime that was only rendered or never built, and says why", () => {
    const renderedOnly = airflowAvailability(rendered);
    expect(renderedOnly).toEqual({
      open: false,
      reason: expect.stringMatching(/never started.*no Kubernetes cluster/),
    });
    expect(
      airflowAvailability({ ...rendered, status: "DEPLOYING", statusReason: "", observedGeneration: 0 }),
    ).toEqual({
      open: false,
      reason: expect.stringMatching(/not been built yet/),
    });
    expect(
      airflowAvailability({ ...rendered, status: "HEALTHY", statusReason: "All components ready" }),
    ).toEqual({
      open: true,
    });
  });
});

describe("entering the console", () => {
  it("shows a loading state at once instead of a blank area", () => {
    render(<ConsolePageLoading />);
    expect(screen.getByRole("status").textContent).toBe("Loading…");
  });
});
