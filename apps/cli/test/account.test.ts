// Signing up, logging in and out, whoami, and the config file, against the real REST API.
import { stat } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { apiServerForThisFile, startApiServer } from "./support/api-server.ts";
import { CliUser, mintToken, PASSWORD, scriptedTerminal, uniqueEmail } from "./support/cli.ts";

const server = await apiServerForThisFile();

/** A local account made with `skyport signup` (flags and SKYPORT_PASSWORD), its organization Acme. */
async function localAccount(): Promise<{ email: string }> {
  const email = uniqueEmail("ada");
  const signup = await (await CliUser.create(server.url)).run(
    ["signup", "--email", email, "--name", "Ada", "--organization-name", "Acme"],
    { env: { SKYPORT_PASSWORD: PASSWORD } },
  );
  expect(signup.code).toBe(0);
  return { email };
}

describe("skyport signup", () => {
  it("creates the account from flags and SKYPORT_PASSWORD, logs in and makes the organization current", async () => {
    const ada = await CliUser.create(server.url);
    const email = uniqueEmail("ada");

    const result = await ada.run(
      ["signup", "--email", email, "--name", "Ada", "--organization-name", "Acme Data", "-o", "json"],
      { env: { SKYPORT_PASSWORD: PASSWORD } },
    );

    expect(result.stderr).toContain(`Signed up and logged in to ${server.url} as ${email}`);
    expect(result.code).toBe(0);
    const account = result.json();
    expect(account).toMatchObject({
      apiUrl: server.url,
      type: "user",
      user: { email, name: "Ada" },
      organization: { name: "Acme Data" },
      workspace: null,
    });
    const stored = await ada.storedConfig();
    expect(stored).toMatchObject({ apiUrl: server.url, organizationId: account.organization.id });
    // The session token is stored, never printed.
    expect(stored.token).toBeTruthy();
    expect(result.stdout + result.stderr).not.toContain(stored.token);
    // The config file holds a secret: only its owner may read it.
    expect((await stat(ada.configFile)).mode & 0o777).toBe(0o600);
    expect((await stat(ada.configDir)).mode & 0o077).toBe(0);
  });

  it.each<{ missing: string; argv: () => string[]; message: string }>([
    {
      missing: "--email",
      argv: () => ["signup", "--name", "X", "--organization-name", "Y"],
      message: "--email is required when not run interactively",
    },
    {
      missing: "the password",
      argv: () => ["signup", "--email", uniqueEmail("x"), "--name", "X", "--organization-name", "Y"],
      message: "--password-stdin or set SKYPORT_PASSWORD",
    },
  ])(
    "refuses with exit 2, naming the flag, when a value is missing and nobody can be asked: $missing",
    async ({ argv, message }) => {
      const user = await CliUser.create(server.url);
      const refused = await user.run(argv());
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(message);
    },
  );

  it("passes the server's validation error on with exit 2 and the field", async () => {
    const user = await CliUser.create(server.url);

    const result = await user.run(
      ["signup", "--email", "not-an-email", "--name", "X", "--organization-name", "Y", "--password-stdin"],
      { stdin: `${PASSWORD}\n` },
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --email must .*\(HTTP 400 BAD_REQUEST/);
  });
});

describe("skyport login and logout", () => {
  it("logs in with email and --password-stdin, and logout ends the session on the server", async () => {
    const { email } = await localAccount();
    const laptop = await CliUser.create(server.url);

    const login = await laptop.run(["login", "--email", email, "--password-stdin", "-o", "json"], {
      stdin: `${PASSWORD}\n`,
    });

    expect(login.stderr).toContain(`Logged in to ${server.url} as ${email}`);
    expect(login.code).toBe(0);
    expect(login.json()).toMatchObject({ type: "user", user: { email }, organization: { name: "Acme" } });
    const { token } = await laptop.storedConfig();
    expect(token).toBeTruthy();

    const logout = await laptop.run(["logout"]);
    expect(logout.code).toBe(0);
    expect(logout.stderr).toContain(`Logged out of ${server.url}.`);
    expect((await laptop.storedConfig()).token).toBeUndefined();
    // The session itself is over, not only forgotten.
    const reused = await laptop.run(["whoami"], { env: { SKYPORT_API_TOKEN: token } });
    expect(reused.code).toBe(1);
    expect(reused.stderr).toContain("HTTP 401");
    expect(reused.stderr).toContain("skyport login");
  });

  it("answers a wrong password with the server's 401 and exit 1, storing nothing", async () => {
    const { email } = await localAccount();
    const other = await CliUser.create(server.url);

    const result = await other.run(["login", "--email", email], {
      env: { SKYPORT_PASSWORD: "wrong password!!" },
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("HTTP 401");
    await expect(other.storedConfig()).rejects.toThrow(/ENOENT/);
  });

  it("logs in with an API token from a prompt, and whoami shows the token's scope", async () => {
    const ada = await CliUser.signedUp(server, "Ada");
    const { token: secret } = await mintToken(ada, "ci", "organization", "ORGANIZATION_MEMBER");
    const ci = await CliUser.create(server.url);

    const login = await ci.run(["login", "--token"], { terminal: scriptedTerminal(secret) });
    expect(login.code).toBe(0);
    const whoami = await ci.run(["whoami", "-o", "json"]);

    expect(whoami.json()).toMatchObject({
      type: "apiToken",
      apiToken: { name: "ci", scope: "ORGANIZATION", role: "ORGANIZATION_MEMBER" },
      organization: { id: ada.organizationId },
    });
    expect(whoami.stdout).not.toContain(secret);
  });

  it("reads --token from stdin when not interactive, and refuses a token the server does not know", async () => {
    const user = await CliUser.create(server.url);

    const result = await user.run(["login", "--token"], { stdin: "skp_not-a-real-token\n" });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("HTTP 401");
    expect(result.stderr).not.toContain("skp_not-a-real-token");
  });

  it("asks for email and password on a terminal when no flag is given", async () => {
    const { email } = await localAccount();
    const laptop = await CliUser.create(server.url);
    const terminal = scriptedTerminal(email, PASSWORD);

    const result = await laptop.run(["login"], { terminal });

    expect(result.code).toBe(0);
    expect(terminal.asked).toEqual(["Email:", "Password:"]);
    expect(result.stdout).toContain(`<${email}>`);
  });

  it("needs --token or --email when not interactive", async () => {
    const user = await CliUser.create(server.url);

    const result = await user.run(["login"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("pass --token");
  });
});

describe("the stored login belongs to its server", () => {
  it("is not sent to another API URL, and commands there say to log in", async () => {
    const ada = await CliUser.signedUp(server, "Ada");
    const other = await startApiServer();
    try {
      const result = await ada.run(["workspace", "list", "--api-url", other.url]);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`not logged in to ${other.url}`);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("uses the stored server when neither --api-url nor SKYPORT_API_URL is given", async () => {
    const ada = await CliUser.signedUp(server, "Ada");

    const result = await ada.run(["whoami", "-o", "json"], { env: { SKYPORT_API_URL: undefined } });

    expect(result.code).toBe(0);
    expect(result.json().apiUrl).toBe(server.url);
  });

  it("prefers SKYPORT_API_TOKEN over the stored token", async () => {
    const ada = await CliUser.signedUp(server, "Ada");
    const bob = await CliUser.signedUp(server, "Bob");

    const result = await ada.run(["whoami", "-o", "json"], { env: { SKYPORT_API_TOKEN: bob.token } });

    expect(result.json().user.email).toBe(bob.email);
  });

  it("refuses a SKYPORT_API_URL that is not an http(s) URL with exit 2, naming the variable", async () => {
    const user = await CliUser.create(server.url);

    const result = await user.run(["whoami"], { env: { SKYPORT_API_URL: "localhost:3000" } });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("SKYPORT_API_URL: must be an http:// or https:// URL");
  });

  it("reports a malformed config file by name", async () => {
    const user = await CliUser.create(server.url);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(user.configFile, "token: [unclosed\n");

    const result = await user.run(["whoami"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${user.configFile} is not valid YAML`);
  });
});

describe("skyport organization", () => {
  it("lists the caller's organizations and switches by name in any case", async () => {
    const ada = await CliUser.signedUp(server, "Ada");
    const created = await fetch(`${server.url}/api/v1/organizations/${ada.organizationId}/workspaces`, {
      method: "POST",
      headers: { authorization: `Bearer ${ada.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Analytics" }),
    });
    expect(created.status).toBe(201);
    const workspaceId = ((await created.json()) as { id: string }).id;
    expect((await ada.run(["workspace", "switch", "analytics"])).code).toBe(0);
    expect((await ada.storedConfig()).workspaceId).toBe(workspaceId);

    const listed = await ada.run(["organization", "list", "-o", "json"]);
    expect(listed.json()).toEqual([
      expect.objectContaining({ id: ada.organizationId, role: "ORGANIZATION_OWNER" }),
    ]);
    const table = await ada.run(["organization", "list"]);
    expect(table.stdout.split("\n")[1]).toMatch(/^\*\s+Ada's data team/);

    const switched = await ada.run(["organization", "switch", "ADA'S DATA TEAM", "-o", "json"]);
    expect(switched.code).toBe(0);
    expect(switched.json().id).toBe(ada.organizationId);
    // Still the same organization: its current workspace stays.
    expect((await ada.storedConfig()).workspaceId).toBe(workspaceId);

    const missing = await ada.run(["organization", "switch", "Nope Inc"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no organization with the id or name “Nope Inc” among yours");
  });
});
