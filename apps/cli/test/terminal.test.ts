// The terminal pieces main.ts wires in, driven through streams as a terminal would drive them:
// Inquirer's prompts and yocto-spinner.
import { PassThrough, Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { terminalPrompter } from "../src/terminal/prompter.ts";
import { terminalSpinner } from "../src/terminal/spinner.ts";

function terminal() {
  const input = new PassThrough();
  let shown = "";
  const output = new Writable({
    write(chunk, _encoding, callback) {
      shown += chunk.toString();
      callback();
    },
  });
  return { input, output, shown: () => shown };
}

/** Types `text` once the prompt has been drawn. */
function typeLater(input: PassThrough, text: string) {
  setTimeout(() => input.write(text), 20);
}

describe("terminalPrompter", () => {
  it("reads a typed answer, falling back to the default on an empty line", async () => {
    const t = terminal();
    const prompter = terminalPrompter({ input: t.input, output: t.output });

    typeLater(t.input, "ada@example.com\n");
    expect(await prompter.text("Email:")).toBe("ada@example.com");
    typeLater(t.input, "\n");
    expect(await prompter.text("Organization name:", { default: "Ada's team" })).toBe("Ada's team");
    expect(t.shown()).toContain("Email:");
  });

  it("never echoes a secret", async () => {
    const t = terminal();
    const prompter = terminalPrompter({ input: t.input, output: t.output });

    typeLater(t.input, "hunter2-but-longer\n");
    expect(await prompter.secret("Password:")).toBe("hunter2-but-longer");
    expect(t.shown()).toContain("Password:");
    expect(t.shown()).not.toContain("hunter2");
  });

  it("confirms only on yes, and defaults to no", async () => {
    const t = terminal();
    const prompter = terminalPrompter({ input: t.input, output: t.output });

    typeLater(t.input, "y\n");
    expect(await prompter.confirm("Delete?")).toBe(true);
    typeLater(t.input, "\n");
    expect(await prompter.confirm("Delete?")).toBe(false);
  });
});

describe("terminalSpinner", () => {
  it("shows each status and ends with the outcome", () => {
    let drawn = "";
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        drawn += chunk.toString();
        callback();
      },
    });

    const spinner = terminalSpinner("etl: CREATING", stream);
    spinner.update("etl: DEPLOYING — Applying 31 objects");
    spinner.succeed("etl: HEALTHY — All 6 workloads are ready");

    const text = stripVTControlCharacters(drawn);
    expect(text).toContain("etl: CREATING");
    expect(text).toContain("etl: DEPLOYING — Applying 31 objects");
    expect(text).toMatch(/✔ etl: HEALTHY — All 6 workloads are ready\n$/);
  });
});
