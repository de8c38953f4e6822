// `skyport signup` when the server refuses a value: on a terminal only that value is asked for
// again, with the server's own words about it (the rules are the server's, not the CLI's), and
// nothing else that was typed is lost. Its own file: sign-ups are rate limited per address.
import { describe, expect, it } from "vitest";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser, PASSWORD, scriptedTerminal, uniqueEmail } from "./support/cli.ts";

const server = await apiServerForThisFile();

describe("skyport signup, when the server refuses a value", () => {
  it("asks again for the password alone, saying why, and keeps the email, name and organization", async () => {
    const grace = await CliUser.create(server.url);
    const email = uniqueEmail("grace");
    const terminal = scriptedTerminal(email, "Grace", "Navy", "short", "short", PASSWORD, PASSWORD);

    const result = await grace.run(["signup"], { terminal });

    expect(result.code).toBe(0);
    expect(terminal.asked).toEqual([
      "Email:",
      "Your name:",
      "Organization name:",
      "Choose a password:",
      "Type it again:",
      "Choose a password:",
      "Type it again:",
    ]);
    expect(result.stderr).toMatch(/^the password must be at least \d+ characters long$/m);
    expect(result.stdout).toMatch(new RegExp(`^User:\\s+Grace <${email}>$`, "m"));
    expect(result.stdout).toMatch(/^Organization:\s+Navy \(/m);
  });

  it("asks again for a refused email alone, even one given as a flag", async () => {
    const linus = await CliUser.create(server.url);
    const email = uniqueEmail("linus");
    const terminal = scriptedTerminal(PASSWORD, PASSWORD, email);

    const result = await linus.run(
      ["signup", "--email", "not-an-email", "--name", "Linus", "--organization-name", "Kernel", "-o", "json"],
      { terminal },
    );

    expect(result.code).toBe(0);
    expect(terminal.asked).toEqual(["Choose a password:", "Type it again:", "Email:"]);
    expect(result.stderr).toMatch(/^--email must /m);
    expect(result.json()).toMatchObject({ user: { email, name: "Linus" }, organization: { name: "Kernel" } });
  });

  it("without a terminal, exits 2 naming the password in the user's words", async () => {
    const user = await CliUser.create(server.url);

    const result = await user.run(
      ["signup", "--email", uniqueEmail("x"), "--name", "X", "--organization-name", "Y", "--password-stdin"],
      { stdin: "short\n" },
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: the password must be at least \d+ characters long \(HTTP 400/);
  });
});
