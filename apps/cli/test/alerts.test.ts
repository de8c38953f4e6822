// `skyport notification-channel …` and `skyport alert …` against the real REST API: channels
// are created with write-only secrets (never printed back), rules with patterns and
// type-specific options, muted, changed and deleted; bad input exits 2 naming the field.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser, words } from "./support/cli.ts";

const server = await apiServerForThisFile();
const db = server.services.db;
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });
await ada.run(["deployment", "create", "etl", "-o", "json"]);
const ROUTING_KEY = "R0123456789abcdef0123456789abcd";

describe("notification-channel", () => {
  it("creates channels whose secrets are never printed, lists and tests them", async () => {
    const pager = await ada.run(
      words(
        `notification-channel create --name oncall --kind pagerduty --routing-key ${ROUTING_KEY} -o json`,
      ),
    );
    expect(pager.code).toBe(0);
    expect(pager.json()).toMatchObject({
      name: "oncall",
      kind: "PAGERDUTY",
      scope: "WORKSPACE",
      shared: true,
    });
    expect(pager.stdout + pager.stderr).not.toContain(ROUTING_KEY);
    const mail = await ada.run(
      words(
        "notification-channel create --name team-mail --kind email --recipient data@example.test --deployment-id etl",
      ),
    );
    expect(mail.code).toBe(0);

    const listed = await ada.run(["notification-channel", "list", "--deployment-id", "etl", "-o", "json"]);
    expect((listed.json() as Array<{ name: string }>).map((c) => c.name).sort()).toEqual([
      "oncall",
      "team-mail",
    ]);
    expect(listed.stdout).not.toContain(ROUTING_KEY);

    const tested = await ada.run(["notification-channel", "test", "oncall", "-o", "json"]);
    expect(tested.code).toBe(0);
    const delivery = tested.json() as { id: string; event: string; status: string };
    expect(delivery).toMatchObject({ event: "TEST", status: "PENDING" });
    expect(await db.alertDelivery.count({ where: { id: delivery.id, event: "TEST" } })).toBe(1);

    const refused = await ada.run(
      words("notification-channel create --name x --kind slack --webhook-url ftp://nope"),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("settings.webhookUrl");
  });

  it("renames a channel and replaces its secret without printing it", async () => {
    const NEW_KEY = "N0123456789abcdef0123456789abcd";
    const created = await ada.run(
      words(
        `notification-channel create --name pager-2 --kind pagerduty --routing-key ${ROUTING_KEY} -o json`,
      ),
    );
    const { id } = created.json() as { id: string };
    const before = await db.notificationChannel.findUniqueOrThrow({ where: { id } });
    const updated = await ada.run(
      words(
        `notification-channel update pager-2 --name pager-two --not-shared --routing-key ${NEW_KEY} -o json`,
      ),
    );
    expect(updated.code).toBe(0);
    expect(updated.json()).toMatchObject({ id, name: "pager-two", kind: "PAGERDUTY", shared: false });
    expect(updated.stdout + updated.stderr).not.toContain(NEW_KEY);
    const after = await db.notificationChannel.findUniqueOrThrow({ where: { id } });
    expect(after.valueVersion).toBe(before.valueVersion + 1);
    expect(Buffer.from(after.secretCiphertext ?? []).equals(Buffer.from(before.secretCiphertext ?? []))).toBe(
      false,
    );

    const both = await ada.run(words("notification-channel update pager-two --shared --not-shared"));
    expect(both.code).toBe(2);
  });
});

describe("alert", () => {
  it("creates, lists, mutes, updates and deletes a rule", async () => {
    const created = await ada.run([
      "alert",
      "create",
      "--name",
      "sales late",
      "--type",
      "dag_timeliness",
      "--deployment-id",
      "etl",
      "--dag",
      "daily_*",
      "--exclude-dag",
      "daily_test",
      "--deadline",
      "06:00",
      "--time-zone",
      "Europe/Berlin",
      "--days",
      "monday,friday",
      "--look-back",
      "1h",
      "--severity",
      "critical",
      "--channel",
      "oncall",
      "-o",
      "json",
    ]);
    expect(created.code).toBe(0);
    const rule = created.json() as { id: string; channelIds: string[] };
    expect(created.json()).toMatchObject({
      name: "sales late",
      type: "DAG_TIMELINESS",
      severity: "CRITICAL",
      patterns: [
        { entity: "DAG_ID", operator: "IS", values: ["daily_*"] },
        { entity: "DAG_ID", operator: "IS_NOT", values: ["daily_test"] },
      ],
      properties: {
        deadline: "06:00",
        timeZone: "Europe/Berlin",
        daysOfWeek: ["MONDAY", "FRIDAY"],
        lookBackSeconds: 3600,
      },
    });
    expect(rule.channelIds).toHaveLength(1);

    const listed = await ada.run(["alert", "list", "--deployment-id", "etl", "-o", "json"]);
    expect((listed.json() as Array<{ id: string }>).map((r) => r.id)).toEqual([rule.id]);

    const muted = await ada.run([
      "alert",
      "mute",
      "sales late",
      "--until",
      "2030-01-01T00:00:00Z",
      "-o",
      "json",
    ]);
    expect(muted.json()).toMatchObject({ mutedUntil: "2030-01-01T00:00:00.000Z" });
    const unmuted = await ada.run(["alert", "mute", "sales late", "--off", "-o", "json"]);
    expect(unmuted.json()).toMatchObject({ mutedUntil: null });

    const updated = await ada.run(["alert", "update", "sales late", "--look-back", "2h", "-o", "json"]);
    expect(updated.json()).toMatchObject({ properties: { lookBackSeconds: 7200, deadline: "06:00" } });

    const bad = await ada.run(words("alert create --name short --type dag_duration --duration 30s"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("properties.durationSeconds");
    expect(await db.alertRule.count({ where: { name: "short" } })).toBe(0);

    const deleted = await ada.run(["alert", "delete", rule.id]);
    expect(deleted.code).toBe(0);
    expect(await db.alertRule.count({ where: { id: rule.id } })).toBe(0);
  });
});

describe("alert export / apply", () => {
  it("round-trips the workspace's rules through a YAML file: names for channels and deployments, no secret, a plan, --dry-run", async () => {
    const created = await ada.run([
      "alert",
      "create",
      "--name",
      "etl slow",
      "--type",
      "duration_anomaly",
      "--deployment-id",
      "etl",
      "--history",
      "30",
      "--channel",
      "oncall",
      "-o",
      "json",
    ]);
    expect(created.code).toBe(0);
    const exported = await ada.run(["alert", "export"]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain(ROUTING_KEY);
    const file = parse(exported.stdout) as { rules: Array<Record<string, unknown>> };
    expect(file.rules).toEqual([
      {
        name: "etl slow",
        type: "DURATION_ANOMALY",
        severity: "WARNING",
        deployment: "etl",
        patterns: [],
        properties: { historySize: 30, deviations: 3, minHistory: 5, minExcessSeconds: 60 },
        channels: ["oncall"],
      },
    ]);

    const edited = {
      rules: [
        { ...file.rules[0], severity: "CRITICAL" },
        {
          name: "scheduler down",
          type: "DEPLOYMENT_HEALTH",
          deployment: "etl",
          properties: { condition: "SCHEDULER_HEARTBEAT_MISSING", heartbeatMinutes: 10 },
          channels: ["oncall"],
        },
      ],
    };
    const path = join(await mkdtemp(join(tmpdir(), "skyport-alerts-")), "alerts.yaml");
    await writeFile(path, stringify(edited));
    const dry = await ada.run(["alert", "apply", "-f", path, "--dry-run", "-o", "json"]);
    expect(dry.code).toBe(0);
    expect(dry.json()).toEqual({
      dryRun: true,
      plan: [
        { action: "update", name: "etl slow", type: "DURATION_ANOMALY", changes: "severity" },
        { action: "create", name: "scheduler down", type: "DEPLOYMENT_HEALTH", changes: "" },
      ],
    });
    expect(await db.alertRule.count({ where: { name: "scheduler down" } })).toBe(0);

    const applied = await ada.run(["alert", "apply", "-f", path]);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain("Applied: 1 created, 1 updated, 0 unchanged.");
    const rules = await db.alertRule.findMany({
      where: { name: { in: ["etl slow", "scheduler down"] } },
      select: { name: true, severity: true, properties: true, channels: { select: { channelId: true } } },
      orderBy: { name: "asc" },
    });
    expect(rules.map((r) => [r.name, r.severity, r.channels.length])).toEqual([
      ["etl slow", "CRITICAL", 1],
      ["scheduler down", "WARNING", 1],
    ]);
    expect(rules[1]?.properties).toEqual({ condition: "SCHEDULER_HEARTBEAT_MISSING", heartbeatMinutes: 10 });
    const again = await ada.run(["alert", "apply", "-f", path, "-o", "json"]);
    expect((again.json() as { plan: Array<{ action: string }> }).plan.map((p) => p.action)).toEqual([
      "unchanged",
      "unchanged",
    ]);

    await writeFile(path, stringify({ rules: [{ name: "typo", type: "DAG_FAILURE", channel: ["oncall"] }] }));
    const refused = await ada.run(["alert", "apply", "-f", path]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("rules[0].channel: not a field of an alert rule");
    await writeFile(
      path,
      stringify({ rules: [{ name: "bad", type: "DAG_DURATION", properties: { durationSeconds: 5 } }] }),
    );
    const invalid = await ada.run(["alert", "apply", "-f", path]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("properties.durationSeconds");
    expect(await db.alertRule.count({ where: { name: { in: ["typo", "bad"] } } })).toBe(0);
  });

  it("keeps a rule's on/off switch in the file: `enabled: false` for a disabled rule, omitted means enabled", async () => {
    expect((await ada.run(["alert", "update", "etl slow", "--disable"])).code).toBe(0);
    const exported = await ada.run(["alert", "export"]);
    const file = parse(exported.stdout) as { rules: Array<Record<string, unknown>> };
    const slow = file.rules.find((rule) => rule.name === "etl slow");
    expect(slow?.enabled).toBe(false);
    expect(file.rules.find((rule) => rule.name === "scheduler down")).not.toHaveProperty("enabled");

    const path = join(await mkdtemp(join(tmpdir(), "skyport-alerts-")), "alerts.yaml");
    await writeFile(path, exported.stdout);
    const same = await ada.run(["alert", "apply", "-f", path, "-o", "json"]);
    expect((same.json() as { plan: Array<{ action: string }> }).plan.map((p) => p.action)).toEqual([
      "unchanged",
      "unchanged",
    ]);
    expect((await db.alertRule.findFirstOrThrow({ where: { name: "etl slow" } })).enabled).toBe(false);

    const { enabled: _off, ...withoutSwitch } = slow ?? {};
    await writeFile(
      path,
      stringify({ rules: [withoutSwitch, { name: "new off", type: "DAG_FAILURE", enabled: false }] }),
    );
    const applied = await ada.run(["alert", "apply", "-f", path, "-o", "json"]);
    expect(applied.code).toBe(0);
    expect((applied.json() as { plan: unknown[] }).plan).toEqual([
      { action: "update", name: "etl slow", type: "DURATION_ANOMALY", changes: "enabled" },
      { action: "create", name: "new off", type: "DAG_FAILURE", changes: "" },
    ]);
    const rules = await db.alertRule.findMany({
      where: { name: { in: ["etl slow", "new off"] } },
      select: { name: true, enabled: true },
      orderBy: { name: "asc" },
    });
    expect(rules).toEqual([
      { name: "etl slow", enabled: true },
      { name: "new off", enabled: false },
    ]);

    await writeFile(path, stringify({ rules: [{ name: "x", type: "DAG_FAILURE", enabled: "no" }] }));
    const refused = await ada.run(["alert", "apply", "-f", path]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("rules[0].enabled: must be true or false");
  });

  it("mutes one DAG of a rule, and refuses --task without --dag", async () => {
    const muted = await ada.run([
      "alert",
      "mute",
      "etl slow",
      "--dag",
      "nightly",
      "--until",
      "2030-01-01T00:00:00Z",
      "-o",
      "json",
    ]);
    expect(muted.code).toBe(0);
    expect(muted.json()).toMatchObject({
      mutedUntil: null,
      mutes: [{ dagId: "nightly", taskId: null, until: "2030-01-01T00:00:00.000Z" }],
    });
    const refused = await ada.run(["alert", "mute", "etl slow", "--task", "load", "--for", "1h"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--task needs --dag");
  });
});
