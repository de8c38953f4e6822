// `skyport report …` against the real REST API: reports are created with checks given as
// KIND:DEPLOYMENT/DAG[/TASK] and a preset or cron schedule, listed, changed, run and deleted,
// and round-trip through a YAML reports file; bad input exits 2 naming the field as typed.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPublicStatus } from "@skyport/domain";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser, words } from "./support/cli.ts";

const server = await apiServerForThisFile();
const db = server.services.db;
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });
await ada.run(["deployment", "create", "etl", "-o", "json"]);

describe("report", () => {
  it("creates a report with checks on the command line, lists, changes, runs and deletes it", async () => {
    const created = await ada.run([
      ...words(
        "report create --title Sales --at 07:30 --on monday --time-zone Europe/Berlin --send on_change",
      ),
      ...words("--check task:etl/sales/load --check timeliness:etl/sales@06:00 --fresh-within 26h -o json"),
    ]);
    expect(created.code).toBe(0);
    const report = created.json() as { id: string; checks: Array<Record<string, unknown>> };
    expect(report).toMatchObject({
      title: "Sales",
      cron: "30 7 * * 1",
      timeZone: "Europe/Berlin",
      sendMode: "ON_CHANGE",
      lastStatus: null,
    });
    expect(report.checks).toMatchObject([
      { kind: "TASK", dagId: "sales", taskId: "load", freshnessMinutes: 26 * 60 },
      { kind: "TIMELINESS", dagId: "sales", taskId: null, deadline: "06:00" },
    ]);

    const listed = await ada.run(["report", "list", "-o", "json"]);
    expect((listed.json() as Array<{ title: string }>).map((r) => r.title)).toEqual(["Sales"]);

    const updated = await ada.run([
      ...words("report update Sales --check dag:etl/sales -o json"),
      "--cron",
      "0 6 * * 1-5",
    ]);
    expect(updated.code).toBe(0);
    expect(updated.json()).toMatchObject({ cron: "0 6 * * 1-5", checks: [{ kind: "DAG", dagId: "sales" }] });

    const ran = await ada.run(["report", "run", "Sales", "-o", "json"]);
    expect(ran.code).toBe(0);
    expect(ran.json()).toMatchObject({ queued: true });

    const shown = await ada.run(["report", "get", report.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("0 6 * * 1-5 (Europe/Berlin)");
    expect(shown.stdout).toContain("DAG sales");

    const unconfirmed = await ada.run(["report", "delete", "Sales"]);
    expect(unconfirmed.code).toBe(2);
    const deleted = await ada.run(["report", "delete", "Sales", "--yes"]);
    expect(deleted.code).toBe(0);
    expect(await db.report.count({ where: { id: report.id } })).toBe(0);
  });

  it("refuses bad input with exit 2, naming the flag as typed, and writes nothing", async () => {
    const refusals: Array<[string, string]> = [
      ["--at 25:00", "--at"],
      ["--at 07:00 --time-zone Mars/Olympus", "--time-zone"],
      ["--at 07:00 --check task:etl/sales", "--check task:etl/sales: a task check names its task"],
      ["--at 07:00 --check dag:nope/sales", "no deployment “nope”"],
      ["--at 07:00 --cron @daily", "give --cron, or --at"],
      ["--on monday", "--on needs --at"],
    ];
    for (const [flags, says] of refusals) {
      const refused = await ada.run(words(`report create --title Late ${flags}`));
      expect(refused.code, flags).toBe(2);
      expect(refused.stderr, flags).toContain(says);
    }
    expect(await db.report.count({ where: { title: "Late" } })).toBe(0);
  });
});

describe("report subscribers and status link", () => {
  it("subscribes yourself and an outside address, lists, removes, and issues and revokes the status link", async () => {
    expect(
      (await ada.run(words("report create --title Stakeholders --at 07:00 --check dag:etl/sales"))).code,
    ).toBe(0);
    const report = await db.report.findFirstOrThrow({ where: { title: "Stakeholders" } });

    const outside = await ada.run(words("report subscribe Stakeholders --email cfo@outside.test -o json"));
    expect(outside.code, outside.stderr).toBe(0);
    expect(outside.json()).toMatchObject({ email: "cfo@outside.test", userId: null, status: "PENDING" });
    expect(outside.stderr).toContain("Sent a confirmation link to cfo@outside.test");
    const me = await ada.run(words("report subscribe Stakeholders --me -o json"));
    expect(me.code, me.stderr).toBe(0);
    expect(me.json()).toMatchObject({ status: "CONFIRMED" });
    const listed = await ada.run(words("report subscribers Stakeholders -o json"));
    expect((listed.json() as Array<{ email: string; status: string }>).map((s) => s.status).sort()).toEqual([
      "CONFIRMED",
      "PENDING",
    ]);

    const refusals: Array<[string, string]> = [
      ["subscribe Stakeholders", "give either --me or --email <address>"],
      ["subscribe Stakeholders --me --email x@y.test", "give either --me or --email <address>"],
      ["subscribe Stakeholders --email not-an-address", "--email"],
      [
        "unsubscribe Stakeholders --email nobody@outside.test",
        "--email: nobody@outside.test is not a subscriber",
      ],
    ];
    for (const [command, says] of refusals) {
      const refused = await ada.run(words(`report ${command}`));
      expect(refused.code, command).toBe(2);
      expect(refused.stderr, command).toContain(says);
    }

    const removed = await ada.run(words("report unsubscribe Stakeholders --email CFO@outside.test"));
    expect(removed.code, removed.stderr).toBe(0);
    expect(await db.reportSubscriber.count({ where: { reportId: report.id } })).toBe(1);

    const issued = await ada.run(words("report status-link Stakeholders -o json"));
    expect(issued.code, issued.stderr).toBe(0);
    const { url } = issued.json() as { url: string };
    expect(url).toMatch(/\/status\/[^/]+$/);
    const token = new URL(url).pathname.split("/").at(-1) ?? "";
    await expect(getPublicStatus(db, token)).resolves.toMatchObject({ title: "Stakeholders" });
    const revoked = await ada.run(words("report status-link Stakeholders --revoke"));
    expect(revoked.code, revoked.stderr).toBe(0);
    await expect(getPublicStatus(db, token)).rejects.toThrow();
    expect((await ada.run(words("report delete Stakeholders --yes"))).code).toBe(0);
  });
});

/** `report apply -f` of a file holding `contents`. */
async function apply(contents: string, ...flags: string[]) {
  const path = join(await mkdtemp(join(tmpdir(), "skyport-reports-")), "reports.yaml");
  await writeFile(path, contents);
  return ada.run(["report", "apply", "-f", path, ...flags]);
}

describe("report export / apply", () => {
  it("round-trips the workspace's reports through a YAML file by title, with a plan and --dry-run", async () => {
    const created = await ada.run(
      words("report create --title Orders --at 08:00 --check dag:etl/orders --check task:etl/orders/load"),
    );
    expect(created.code).toBe(0);
    const file: { reports: Array<Record<string, unknown>> } = parse(
      (await ada.run(["report", "export"])).stdout,
    );
    expect(file.reports).toEqual([
      {
        title: "Orders",
        cron: "0 8 * * *",
        timeZone: "UTC",
        sendMode: "ALWAYS",
        requireSignIn: false,
        showErrorDetails: false,
        channels: [],
        checks: [
          { kind: "DAG", label: "orders", dagId: "orders", freshnessMinutes: 1440, deployment: "etl" },
          {
            kind: "TASK",
            label: "orders.load",
            dagId: "orders",
            taskId: "load",
            freshnessMinutes: 1440,
            deployment: "etl",
          },
        ],
      },
    ]);

    const orders = { ...file.reports[0], sendMode: "ON_CHANGE" };
    const edited = {
      reports: [
        orders,
        {
          title: "Quality",
          cron: "0 9 * * 1",
          timeZone: "Europe/Berlin",
          checks: [
            {
              kind: "ASSERTION",
              deployment: "etl",
              datasetNamespace: "postgres://db:5432",
              datasetName: "shop.orders",
              assertion: "not_null",
            },
          ],
        },
      ],
    };
    const dry = await apply(stringify(edited), "--dry-run", "-o", "json");
    expect(dry.code).toBe(0);
    expect(dry.json()).toEqual({
      dryRun: true,
      plan: [
        { action: "update", title: "Orders", changes: "sendMode" },
        { action: "create", title: "Quality", changes: "" },
      ],
    });
    expect(await db.report.count({ where: { title: "Quality" } })).toBe(0);

    const applied = await apply(stringify(edited));
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain("Applied: 1 created, 1 updated, 0 unchanged.");
    const rows = await db.report.findMany({
      where: { title: { in: ["Orders", "Quality"] } },
      select: { title: true, sendMode: true, cron: true, timeZone: true },
      orderBy: { title: "asc" },
    });
    expect(rows).toEqual([
      { title: "Orders", sendMode: "ON_CHANGE", cron: "0 8 * * *", timeZone: "UTC" },
      { title: "Quality", sendMode: "ALWAYS", cron: "0 9 * * 1", timeZone: "Europe/Berlin" },
    ]);
    const unchanged = await apply((await ada.run(["report", "export"])).stdout, "-o", "json");
    expect((unchanged.json() as { plan: Array<{ action: string }> }).plan.map((p) => p.action)).toEqual([
      "unchanged",
      "unchanged",
    ]);

    const refusals: Array<[unknown, string]> = [
      [{ title: "Typo", cron: "0 8 * * *", check: [] }, "reports[0].check: not a field of a status report"],
      [
        { title: "Bad", cron: "0 8 * * *", checks: [{ kind: "DAG", deployment: "etl" }] },
        "reports[0].checks[0].dagId",
      ],
      [
        { title: "Bad", cron: "0 8 * * *", checks: [{ kind: "DAG", deployment: "nope", dagId: "x" }] },
        "reports[0].checks[0].deployment: no deployment “nope”",
      ],
      [{ title: "Bad", cron: "every day" }, "reports[0].cron: must have five fields"],
    ];
    for (const [report, says] of refusals) {
      const refused = await apply(stringify({ reports: [report] }));
      expect(refused.code, says).toBe(2);
      expect(refused.stderr).toContain(says);
    }
    expect(await db.report.count({ where: { title: { in: ["Typo", "Bad"] } } })).toBe(0);
  });
});
