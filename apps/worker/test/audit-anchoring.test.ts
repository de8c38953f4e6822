// Audit anchoring jobs as the worker runs them: checkpoints shipped to the object store, and the
// audit log streamed to a SIEM receiver as signed NDJSON that resumes from its cursor after the
// receiver fails, without losing or reordering an event.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { auditAnchorKeys, createTeam, readAuditCheckpoints, verifyAuditChain } from "@skyport/domain";
import { createLogger } from "@skyport/logger";
import { FileSystemObjectStore } from "@skyport/object-store";
import { buildWorld, createTestDatabase } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";
import { auditCheckpointHandler, auditStreamHandler } from "../src/jobs/audit.ts";
import { startReceiver, verifyStandardWebhook } from "./support/receivers.ts";

const { db } = await createTestDatabase();
const world = await buildWorld(db);
// A few audited changes, written the way the product writes them.
const owner = {
  db,
  actor: world.actor("organizationOwner"),
  context: { ip: null, userAgent: null, requestId: null },
};
for (const name of ["Data", "Platform", "Analytics"]) {
  await createTeam(owner, { organizationId: world.organizationId, name });
}
const logger = createLogger({ name: "worker", level: "silent" });
const receiver = await startReceiver();
afterAll(() => receiver.close());

describe("audit anchoring jobs", () => {
  it("the checkpoint job anchors every organization's chain in the object store", async () => {
    const store = new FileSystemObjectStore(mkdtempSync(path.join(tmpdir(), "skyport-checkpoints-")));
    const signingKey = generateKeyPairSync("ed25519")
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const anchors = { store, keys: auditAnchorKeys({ SKYPORT_AUDIT_SIGNING_KEY: signingKey }) };
    const run = auditCheckpointHandler(db, anchors, logger);
    expect((await run()).written).toBeGreaterThanOrEqual(1);
    expect((await run()).written).toBe(0);
    const report = await verifyAuditChain(
      db,
      world.organizationId,
      await readAuditCheckpoints(anchors, world.organizationId),
    );
    expect(report.ok).toBe(true);
    expect(report.anchoring.status).toBe("ANCHORED");
    expect(report.anchoring.latest?.sequence).toBe(report.checked);
  });

  it("streams every event once acknowledged, signed, resuming after a failed delivery", async () => {
    const secret = `whsec_${randomBytes(32).toString("base64")}`;
    const stream = auditStreamHandler(db, { url: `${receiver.url}/siem`, secret }, logger);
    const mine = () =>
      receiver.requests.filter((r) => String(r.headers["webhook-id"]).includes(world.organizationId));
    const events = await db.auditEvent.findMany({
      where: { organizationId: world.organizationId },
      orderBy: { sequence: "asc" },
    });
    expect(events.length).toBeGreaterThanOrEqual(3);

    receiver.answer = () => ({ status: 503 });
    await stream();
    const failed = mine();
    expect(failed).toHaveLength(1);
    expect(
      await db.auditStreamCursor.findUnique({ where: { organizationId: world.organizationId } }),
    ).toBeNull();

    receiver.answer = () => ({ status: 200 });
    await stream();
    const delivered = mine()[1];
    if (!delivered) throw new Error("the retry was not delivered");
    // The retry is the same batch under the same id, so a receiver can de-duplicate it.
    expect(delivered.headers["webhook-id"]).toBe(failed[0]?.headers["webhook-id"]);
    expect(delivered.body).toBe(failed[0]?.body);
    expect(delivered.headers["content-type"]).toBe("application/x-ndjson");
    expect(verifyStandardWebhook(delivered, secret)).toBe(true);
    expect(verifyStandardWebhook({ ...delivered, body: `${delivered.body} ` }, secret)).toBe(false);
    const lines = (delivered.body ?? "")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.sequence)).toEqual(events.map((event) => event.sequence));
    expect(lines.map((line) => line.hash)).toEqual(events.map((event) => event.hash));
    expect(lines[1]?.previousHash).toBe(lines[0]?.hash);

    // Caught up: nothing more is sent until a new event is written.
    await stream();
    expect(mine()).toHaveLength(2);
    const cursor = await db.auditStreamCursor.findUniqueOrThrow({
      where: { organizationId: world.organizationId },
    });
    expect(cursor.sequence).toBe(events.at(-1)?.sequence);
  });
});
