// API tokens from the CLI, what a token may do, and the audit log export: against the real
// REST API, so the server's own authorization answers (the CLI decides nothing itself).
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { auditAnchorKeys, writeAuditCheckpoints } from "@skyport/domain";
import { FileSystemObjectStore } from "@skyport/object-store";
import { describe, expect, it } from "vitest";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser, mintToken as mint, words } from "./support/cli.ts";

const server = await apiServerForThisFile();
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });
const { workspaceId } = ada;
const deploymentId: string = (await ada.run(["deployment", "create", "etl", "-o", "json"])).json().id;

/** A CLI user running with only SKYPORT_API_TOKEN, as in CI. */
async function ciWith(token: string) {
  const ci = await CliUser.create(server.url);
  return (argv: string[]) => ci.run(argv, { env: { SKYPORT_API_TOKEN: token } });
}

describe("skyport token create", () => {
  it("prints the secret once, as the field token with -o json, with the token's ids", async () => {
    const minted = await mint(ada, "deploys", "workspace", "workspace_operator");

    expect(minted.token).toMatch(/^skp_[A-Za-z0-9_-]{43}$/);
    expect(minted.apiToken).toMatchObject({
      name: "deploys",
      organizationId: ada.organizationId,
      scope: "WORKSPACE",
      workspaceId,
      role: "WORKSPACE_OPERATOR",
      status: "ACTIVE",
    });
    expect(minted.apiToken.id).toBeTruthy();
    const listed = await ada.run(["token", "list", "-o", "json"]);
    expect(listed.stdout).not.toContain(minted.token);
  });

  it("prints the secret on its own line in a table, with a warning that it is shown once", async () => {
    const result = await ada.run(
      words("token create --name table --scope organization --role ORGANIZATION_MEMBER"),
    );

    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]?.split(/\s{2,}/).slice(0, 4)).toEqual(["NAME", "ID", "SCOPE", "ROLE"]);
    expect(lines.at(-1)).toMatch(/^skp_[A-Za-z0-9_-]{43}$/);
    expect(result.stderr).toContain("This is the only time the token is shown");
  });

  it("creates a deployment token for a deployment named, and an expiring one", async () => {
    const deploymentToken = await mint(
      ada,
      "dag-deploys",
      "deployment",
      "DEPLOYMENT_ADMIN",
      "--deployment-id",
      "etl",
    );
    const expiring = await mint(ada, "short", "organization", "ORGANIZATION_MEMBER", "--expires-in", "30d");

    expect(deploymentToken.apiToken).toMatchObject({
      scope: "DEPLOYMENT",
      deploymentId,
      deploymentName: "etl",
    });
    const days = (Date.parse(String(expiring.apiToken.expiresAt)) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it("refuses contradictory or missing scope flags with exit 2 before calling the server", async () => {
    const both = await ada.run([
      ...["token", "create", "--name", "x", "--scope", "organization", "--role", "ORGANIZATION_MEMBER"],
      ...["--deployment-id", "etl"],
    ]);
    const noDeployment = await ada.run(
      words("token create --name x --scope deployment --role DEPLOYMENT_ADMIN"),
    );
    const badScope = await ada.run(["token", "create", "--name", "x", "--scope", "planet", "--role", "X"]);
    const badExpiry = await ada.run([
      ...["token", "create", "--name", "x", "--scope", "organization", "--role", "ORGANIZATION_MEMBER"],
      ...["--expires-in", "soon"],
    ]);

    expect([both.code, noDeployment.code, badScope.code, badExpiry.code]).toEqual([2, 2, 2, 2]);
    expect(noDeployment.stderr).toContain("--scope deployment needs --deployment-id");
    expect(badExpiry.stderr).toContain("must be a number of days like 30d");
  });

  it("says so when a retried create lost the secret, rather than printing no token", async () => {
    server.dropAnswerOnce("POST", "/api-tokens");

    const result = await ada.run([
      ...["token", "create", "--name", "lost", "--scope", "organization", "--role", "ORGANIZATION_MEMBER"],
      ...["-o", "json"],
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const id = /API token “lost” \((\w+)\) was created, but its secret was lost in transit/.exec(
      result.stderr,
    )?.[1];
    expect(id).toBeTruthy();
    expect(result.stderr).toContain(`skyport token revoke ${id}`);
    // Created once, as the idempotent retry guarantees.
    expect(await server.services.db.apiToken.count({ where: { name: "lost" } })).toBe(1);
  });
});

describe("what a token may do", () => {
  it("a WORKSPACE_MEMBER token can read but not create or delete deployments: exit 1 saying why", async () => {
    const member = await mint(ada, "reader", "workspace", "WORKSPACE_MEMBER");
    const ci = await ciWith(member.token);

    const list = await ci(["deployment", "list", "-o", "json"]);
    expect(list.code).toBe(0);
    expect(list.json().map((d: { id: string }) => d.id)).toContain(deploymentId);

    const create = await ci(["deployment", "create", "sneaky"]);
    expect(create.code).toBe(1);
    expect(create.stderr).toMatch(/HTTP 403 FORBIDDEN/);
    expect(create.stderr).toMatch(/WORKSPACE_OPERATOR|role/);

    const remove = await ci(["deployment", "delete", "etl", "--yes"]);
    expect(remove.code).toBe(1);
    expect(remove.stderr).toMatch(/HTTP 403 FORBIDDEN/);
    expect(await server.services.db.deployment.count({ where: { name: "sneaky" } })).toBe(0);
  });

  it("another organization's token sees NOT_FOUND, exactly as for a missing id", async () => {
    const bob = await CliUser.signedUp(server, "Bob");
    const foreign = await mint(bob, "bobs", "organization", "ORGANIZATION_OWNER");
    const ci = await ciWith(foreign.token);

    const inOwnOrganization = await ci(["deployment", "inspect", deploymentId]);
    const naming = await ci(["deployment", "inspect", deploymentId, "--organization", ada.organizationId]);
    const listing = await ci(["workspace", "list", "--organization", ada.organizationId]);

    const missing = await ci([
      "deployment",
      "inspect",
      "cmissingdeployment000000",
      "--organization",
      ada.organizationId,
    ]);
    for (const result of [inOwnOrganization, naming, listing, missing]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("HTTP 404 NOT_FOUND");
    }
    // The answer does not tell someone else's deployment from one that does not exist.
    const message = (stderr: string) => stderr.replace(/ \(HTTP.*$/s, "");
    expect(message(naming.stderr)).toBe(message(missing.stderr));
  });

  it("a revoked token stops working at once; revoke takes a name", async () => {
    const doomed = await mint(ada, "doomed", "organization", "ORGANIZATION_MEMBER");
    const ci = await ciWith(doomed.token);
    expect((await ci(["workspace", "list"])).code).toBe(0);

    const revoked = await ada.run(["token", "revoke", "doomed", "-o", "json"]);

    expect(revoked.code).toBe(0);
    expect(revoked.json()).toMatchObject({ id: doomed.apiToken.id, status: "REVOKED" });
    const after = await ci(["workspace", "list"]);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("HTTP 401");
  });

  it("a name two active tokens share is ambiguous: exit 2 listing both", async () => {
    const first = await mint(ada, "twin", "organization", "ORGANIZATION_MEMBER");
    const second = await mint(ada, "twin", "organization", "ORGANIZATION_MEMBER");

    const result = await ada.run(["token", "revoke", "twin"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("“twin” matches 2 API tokens in this organization; use an id:");
    expect(result.stderr).toContain(String(first.apiToken.id));
    expect(result.stderr).toContain(String(second.apiToken.id));
  });
});

describe("skyport audit-logs export", () => {
  it("writes the audit log as NDJSON to a file, oldest first, filtered by action", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "skyport-cli-audit-"));
    const file = path.join(dir, "audit.ndjson");

    const all = await ada.run(["audit-logs", "export", "--output", file]);
    const filtered = await ada.run(["audit-logs", "export", "--action", "deployment.create"]);

    expect(all.code).toBe(0);
    expect(all.stdout).toBe("");
    expect(all.stderr).toContain(`Wrote the audit log to ${file}`);
    const events = (await readFile(file, "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { action: string; sequence: number });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["workspace.create", "deployment.create"]),
    );
    expect(events.map((e) => e.sequence)).toEqual([...events.map((e) => e.sequence)].sort((a, b) => a - b));
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    expect(filtered.code).toBe(0);
    const lines = filtered.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { action: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((e) => e.action === "deployment.create")).toBe(true);
  });

  it("refuses a token without audit access with the server's message, writing no file", async () => {
    const member = await mint(ada, "no-audit", "workspace", "WORKSPACE_MEMBER");
    const dir = await mkdtemp(path.join(tmpdir(), "skyport-cli-audit-"));
    const file = path.join(dir, "audit.ndjson");
    const ci = await ciWith(member.token);

    const result = await ci(["audit-logs", "export", "--output", file]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HTTP 403/);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });
});

describe("skyport audit-logs verify", () => {
  it("says the log is intact but not anchored when no signing key is configured", async () => {
    const result = await ada.run(["audit-logs", "verify"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Intact:\s+yes/);
    expect(result.stdout).toMatch(/Anchored:\s+no: no signing key is configured/);
  });

  it("exits 1 naming the removed events when the newest were deleted after a checkpoint", async () => {
    const { db } = server.services;
    const signingKey = generateKeyPairSync("ed25519")
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const store = new FileSystemObjectStore(await mkdtemp(path.join(tmpdir(), "skyport-cli-anchors-")));
    server.services.auditAnchors = {
      store,
      keys: auditAnchorKeys({ SKYPORT_AUDIT_SIGNING_KEY: signingKey }),
    };
    await writeAuditCheckpoints(db, server.services.auditAnchors);
    const anchored = await ada.run(["audit-logs", "verify", "-o", "json"]);
    expect(anchored.code).toBe(0);
    const head = anchored.json().anchoring.latest.sequence as number;
    expect(head).toBeGreaterThan(2);

    // A database superuser removes the newest event (the append-only trigger bypassed).
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "organizationId" = ${ada.organizationId} AND "sequence" = ${head}`;
    });
    const result = await ada.run(["audit-logs", "verify"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Intact:\s+NO/);
    expect(result.stdout).toContain(`event ${head}: event ${head} was removed: the signed checkpoint of`);
    expect(result.stderr).toContain("the audit log does not verify");
  });
});
