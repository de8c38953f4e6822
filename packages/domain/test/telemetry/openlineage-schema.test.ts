// The schema check's "uri" format: ajv-formats' full RFC 3986 expression, its answers remembered
// per string (producer and _schemaURL values repeat from event to event) without changing them.
import { randomUUID } from "node:crypto";
import { validateOpenLineageEvent } from "@skyport/domain";
import { describe, expect, it } from "vitest";

const event = (producer: string) => ({
  eventType: "START",
  eventTime: new Date().toISOString(),
  producer,
  schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  run: { runId: randomUUID() },
  job: { namespace: "default", name: "dag" },
});

describe("the uri format of an OpenLineage event", () => {
  it("gives the same answer however often a value is seen", () => {
    for (let round = 0; round < 3; round += 1) {
      expect(validateOpenLineageEvent(event("https://github.com/apache/airflow"))).toEqual([]);
      for (const bad of ["not a uri", "http://exa mple.com/x", "/relative/path", "a".repeat(600)]) {
        expect(validateOpenLineageEvent(event(bad))).toEqual([
          { pointer: "/producer", message: "must be a valid uri" },
        ]);
      }
    }
  });

  it("still judges values it has not seen once its memory is full", () => {
    for (let i = 0; i < 2_500; i += 1) validateOpenLineageEvent(event(`https://example.com/p/${i}`));
    expect(validateOpenLineageEvent(event("https://example.com/p/x"))).toEqual([]);
    expect(validateOpenLineageEvent(event("https://example.com/p x"))).toEqual([
      { pointer: "/producer", message: "must be a valid uri" },
    ]);
  });
});
