// `skyport deployment logs` against the real REST API: a local runtime's component log (tail,
// and --follow until the deployment is gone), and for other deployments where the logs are.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser } from "./support/cli.ts";

const server = await apiServerForThisFile();
const db = server.services.db;
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });

const created = await ada.run(["deployment", "create", "etl", "-o", "json"]);
const deployment = created.json() as { id: string; namespace: string };
const logs = path.join(
  server.services.config.SKYPORT_STATE_DIR as string,
  "runtimes",
  deployment.namespace,
  "logs",
);

describe("deployment logs", () => {
  it("without a local runtime, prints no lines and says how to read the logs with kubectl", async () => {
    const run = await ada.run(["deployment", "logs", "etl"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`kubectl logs --namespace ${deployment.namespace}`);
  });

  it("prints the last lines of the chosen component", async () => {
    mkdirSync(logs, { recursive: true });
    writeFileSync(path.join(logs, "scheduler.log"), "s1\ns2\ns3\n");
    writeFileSync(path.join(logs, "triggerer.log"), "t1\nt2\nt3\n");
    const run = await ada.run(["deployment", "logs", "etl", "--component", "triggerer", "--lines", "2"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("t2\nt3\n");
  });

  it("--follow prints what is written next, and stops once the deployment is gone", async () => {
    let sleeps = 0;
    const run = await ada.run(["deployment", "logs", "etl", "--follow", "--lines", "1"], {
      onSleep: async () => {
        sleeps += 1;
        if (sleeps === 1) appendFileSync(path.join(logs, "scheduler.log"), "s4\n");
        if (sleeps === 2) appendFileSync(path.join(logs, "scheduler.log"), "s5\ns6\n");
        if (sleeps === 3)
          await db.deployment.update({ where: { id: deployment.id }, data: { deletedAt: new Date() } });
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("s3\ns4\ns5\ns6\n");
    expect(run.stderr).toContain("stopped following");
  });

  it("an unknown component is a usage error naming the field", async () => {
    await db.deployment.update({ where: { id: deployment.id }, data: { deletedAt: null } });
    const run = await ada.run(["deployment", "logs", "etl", "--component", "webserver"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("component");
    expect(run.stderr).toContain("scheduler, triggerer");
  });
});
