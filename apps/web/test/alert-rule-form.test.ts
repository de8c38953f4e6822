// The alert rule form's own check, built from the domain's rule contract: only the chosen type's
// properties (and, for DEPLOYMENT_HEALTH, the chosen condition's) are sent, so the form can keep
// every type's values while the user switches types and the server's strict check still passes.
import { describe, expect, it } from "vitest";
import { EMPTY_PROPERTIES } from "@/components/alerts/rule-fields.tsx";
import { ruleFormSchema } from "@/components/alerts/rule-model.ts";

const base = { name: "Rule", severity: "WARNING", patterns: [], channelIds: [] };
const everything = { ...EMPTY_PROPERTIES, durationSeconds: 600, silenceMinutes: 30, lookBackSeconds: 3600 };

describe("the alert rule form's check", () => {
  it("sends only the chosen health condition's properties", () => {
    const imports = ruleFormSchema.parse({
      ...base,
      type: "DEPLOYMENT_HEALTH",
      properties: { ...everything, condition: "IMPORT_ERRORS" },
    });
    expect(imports.properties).toEqual({ condition: "IMPORT_ERRORS" });
    const heartbeat = ruleFormSchema.parse({
      ...base,
      type: "DEPLOYMENT_HEALTH",
      properties: { ...everything, condition: "SCHEDULER_HEARTBEAT_MISSING", heartbeatMinutes: 7 },
    });
    expect(heartbeat.properties).toEqual({ condition: "SCHEDULER_HEARTBEAT_MISSING", heartbeatMinutes: 7 });
  });

  it("sends the anomaly baseline settings and refuses a minimum history above the baseline size", () => {
    const anomaly = ruleFormSchema.parse({ ...base, type: "DURATION_ANOMALY", properties: everything });
    expect(anomaly.properties).toEqual({
      historySize: 20,
      deviations: 3,
      minHistory: 5,
      minExcessSeconds: 60,
    });
    const refused = ruleFormSchema.safeParse({
      ...base,
      type: "DURATION_ANOMALY",
      properties: { ...everything, historySize: 4, minHistory: 10 },
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join("."))).toContain("properties.minHistory");
  });

  it("sends a task duration threshold", () => {
    const task = ruleFormSchema.parse({ ...base, type: "TASK_DURATION", properties: everything });
    expect(task.properties).toEqual({ durationSeconds: 600 });
  });
});
