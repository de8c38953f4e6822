// `skyport notification-channel …` and `skyport alert …` against the real REST API: channels
// are created with write-only secrets (never printed back), rules with patterns and
// type-specific options, muted, changed and deleted; bad input exits 2 naming the field.
import { describe, expect, it } from "vitest";
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
