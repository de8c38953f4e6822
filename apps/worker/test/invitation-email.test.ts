import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  type Actor,
  createOrganization,
  inviteMember,
  inviteMemberInput,
  revokeInvitation,
  verifyInvitationToken,
} from "@skyport/domain";
import { listMailbox } from "@skyport/mail";
import { JobProducer, jobs } from "@skyport/queue";
import { waitFor } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { capturingLogger } from "../../../packages/domain/test/provisioning/support.ts";
import { createSkyportWorker } from "../src/worker.ts";
import { parseMessage, workerWithSmtp } from "./support/smtp.ts";
import { TEST_PUBLIC_URL, workerTestServices } from "./support/worker-services.ts";

const SECRET = "worker-email-secret-0123456789abcdefghijklm";
const { db, prefix, redis, config: workerConfig } = await workerTestServices(SECRET);
const context = { ip: null, userAgent: null, requestId: null };

let sequence = 0;
async function ownerWithOrganization() {
  sequence++;
  const owner = await db.user.create({
    data: { email: `owner${sequence}@example.test`, name: `Olivia Owner ${sequence}` },
  });
  const actor: Actor = { type: "user", userId: owner.id, label: owner.email };
  const organization = await createOrganization({ db, actor, context }, { name: `Mail Org ${sequence}` });
  return { actor, organization };
}

function baseConfig(queuePrefix: string) {
  return { ...workerConfig, queuePrefix };
}

describe("invitation emails through SMTP", () => {
  const queuePrefix = `${prefix}-smtp`;
  const mailer = workerWithSmtp({ redis, config: workerConfig }, queuePrefix);
  const { producer, log } = mailer;

  it("delivers the invitation to the invited address with a link that verifies", async () => {
    const { actor, organization } = await ownerWithOrganization();
    const { invitation } = await inviteMember(
      { db, actor, context },
      // Entry points parse with the domain's contract, which normalises the address.
      inviteMemberInput.parse({
        organizationId: organization.id,
        email: "Invitee@Example.test",
        role: "ORGANIZATION_MEMBER",
      }),
      { jobs: producer },
    );

    const message = await waitFor(() =>
      mailer.smtp.received.find((m) => m.to.includes("invitee@example.test")),
    );
    expect(message.from).toBe("skyport@example.test");
    const parsed = parseMessage(message.raw);
    expect(parsed.header("Subject")).toBe(`You're invited to ${organization.name} on Skyport`);
    expect(parsed.header("To")).toBe("invitee@example.test");
    expect(parsed.text).toContain("Olivia Owner");

    const link = /https:\/\/skyport\.example\.test\/invitations\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(
      parsed.text,
    );
    expect(link).not.toBeNull();
    const claims = verifyInvitationToken(SECRET, link?.[1] ?? "");
    expect(claims).toEqual({
      invitationId: invitation.id,
      expiresAt: Math.floor(invitation.expiresAt.getTime() / 1000),
    });
    // The link never reaches the logs.
    expect(log.lines.join("")).not.toContain(link?.[1]);
  });

  it("skips an invitation revoked before its email went out", async () => {
    const { actor, organization } = await ownerWithOrganization();
    // Queue under a prefix no worker consumes, revoke, then hand the same job to the worker.
    const parked = new JobProducer(redis, `${queuePrefix}-parked`);
    const { invitation } = await inviteMember(
      { db, actor, context },
      { organizationId: organization.id, email: "revoked@example.test", role: "ORGANIZATION_MEMBER" },
      { jobs: parked },
    );
    await parked.close();
    await revokeInvitation(
      { db, actor, context },
      { organizationId: organization.id, invitationId: invitation.id },
    );
    const jobId = await producer.enqueue(jobs.invitationEmail, {
      invitationId: invitation.id,
      linkExpiresAt: Math.floor(invitation.expiresAt.getTime() / 1000),
    });
    const queue = producer.queue("email");
    await waitFor(async () => ((await queue.getJobState(jobId)) === "completed" ? true : undefined));
    expect((await queue.getJob(jobId))?.returnvalue).toEqual({ sent: false });
    expect(mailer.smtp.received.some((m) => m.to.includes("revoked@example.test"))).toBe(false);
  });
});

describe("invitation emails without SMTP (development mailbox)", () => {
  it("writes .eml and .json files to the state directory's mailbox and logs where, not the link", async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), "skyport-mailbox-"));
    const queuePrefix = `${prefix}-mailbox`;
    const producer = new JobProducer(redis, queuePrefix);
    const log = capturingLogger();
    const { queuePrefix: p, ...config } = baseConfig(queuePrefix);
    const worker = createSkyportWorker({ ...config, SKYPORT_STATE_DIR: stateDir }, log.logger, { prefix: p });
    await worker.start();
    try {
      const { actor, organization } = await ownerWithOrganization();
      const { invitation } = await inviteMember(
        { db, actor, context },
        { organizationId: organization.id, email: "local@example.test", role: "ORGANIZATION_OWNER" },
        { jobs: producer },
      );
      const mailbox = path.join(stateDir, "mailbox");
      const [message] = await waitFor(async () => {
        const messages = await listMailbox(mailbox);
        return messages.length > 0 ? messages : undefined;
      });
      expect(message).toMatchObject({
        to: "local@example.test",
        subject: `You're invited to ${organization.name} on Skyport`,
        organizationId: organization.id,
      });
      const token = /\/invitations\/(\S+)/.exec(message?.text ?? "")?.[1] ?? "";
      expect(verifyInvitationToken(SECRET, token).invitationId).toBe(invitation.id);
      expect(message?.html).toContain(`${TEST_PUBLIC_URL}/invitations/${token}`);

      const files = await readdir(mailbox);
      expect(files.filter((f) => f.endsWith(".eml"))).toHaveLength(1);
      const eml = await readFile(path.join(mailbox, files.find((f) => f.endsWith(".eml")) ?? ""), "utf8");
      expect(eml).toMatch(/^To: local@example\.test$/m);

      const line = log.lines.find((l) => l.includes("email written to the development mailbox"));
      expect(line).toBeDefined();
      expect(log.lines.join("")).not.toContain(token);
    } finally {
      await worker.stop();
      await producer.close();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
