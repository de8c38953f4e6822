// Runs the CLI in-process, as main.ts does, with the outside world replaced by recorders: its
// output, a scripted terminal (or none), a spinner that records what it showed, and a clock
// that advances when the CLI sleeps, so `--wait` runs without waiting.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { parse } from "yaml";
import { restClient, signUpOverRest } from "../../../web/test/rest/support.ts";
import packageJson from "../../package.json" with { type: "json" };
import type { CliContext, Prompter } from "../../src/context.ts";
import { run } from "../../src/program.ts";
import type { ApiServer } from "./api-server.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Texts the spinner showed, in order, ending with its final one. */
  spinner: string[];
  /** stdout parsed as JSON (for -o json). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape the command printed
  json<T = any>(): T;
}

/** Answers to prompts, in order; a prompt with no answer left fails the test. */
export interface ScriptedTerminal {
  answers: Array<string | boolean>;
  asked: string[];
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** A terminal with these answers; without it the CLI runs as in a script. */
  terminal?: ScriptedTerminal;
  stdin?: string;
  /** Called each time the CLI sleeps (between looks at a deployment): the test acts meanwhile. */
  onSleep?: (sleptMs: number) => Promise<void> | void;
  pageSize?: number;
  width?: number;
}

export function scriptedTerminal(...answers: Array<string | boolean>): ScriptedTerminal {
  return { answers, asked: [] };
}

function scriptedPrompter(terminal: ScriptedTerminal): Prompter {
  const next = (message: string) => {
    terminal.asked.push(message);
    if (terminal.answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return terminal.answers.shift() as string | boolean;
  };
  return {
    text: async (message) => String(next(message)),
    secret: async (message) => String(next(message)),
    confirm: async (message) => Boolean(next(message)),
  };
}

export type SignedUpUser = CliUser & {
  email: string;
  token: string;
  organizationId: string;
  userId: string;
  /** The workspace created at sign-up when one was asked for (and made current). */
  workspaceId: string;
};

/** A command line written as one string: `words("deployment list -o json")`. */
export function words(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** A password every test account may use: long, and not among the common ones. */
export const PASSWORD = "correct horse battery staple";

let emails = 0;
/** An email address no other test has used. */
export function uniqueEmail(name: string): string {
  return `${name}-${++emails}-${Date.now()}@example.com`;
}

/** A CLI user: their own config directory, and the server to talk to. */
export class CliUser {
  private constructor(
    readonly apiUrl: string,
    readonly configDir: string,
  ) {}

  static async create(apiUrl: string): Promise<CliUser> {
    return new CliUser(apiUrl, await mkdtemp(path.join(tmpdir(), "skyport-cli-config-")));
  }

  /**
   * Someone who signed up (over the API, from their own address: sign-ups are rate limited per
   * address) and logged the CLI in with the session.
   */
  static async signedUp(
    server: ApiServer,
    name: string,
    options: { workspace?: string } = {},
  ): Promise<SignedUpUser> {
    const account = await signUpOverRest(restClient(server.services), name);
    const user = await CliUser.create(server.url);
    const login = await user.run(["login", "--token", account.token]);
    if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
    let workspaceId = "";
    if (options.workspace) {
      const created = await user.run(["workspace", "create", options.workspace, "-o", "json"]);
      if (created.code !== 0) throw new Error(`workspace create failed: ${created.stderr}`);
      workspaceId = created.json().id;
    }
    return Object.assign(user, account, { workspaceId });
  }

  /** Makes this person a member of another organization, as an accepted invitation leaves them. */
  static async join(server: ApiServer, user: SignedUpUser, organizationId: string): Promise<void> {
    await server.services.db.organizationMembership.create({
      data: { organizationId, userId: user.userId, role: "ORGANIZATION_MEMBER" },
    });
  }

  get configFile(): string {
    return path.join(this.configDir, "config.yaml");
  }

  async storedConfig(): Promise<Record<string, string>> {
    return parse(await readFile(this.configFile, "utf8")) ?? {};
  }

  async run(argv: string[], options: CliOptions = {}): Promise<CliRun> {
    let stdout = "";
    let stderr = "";
    const spinner: string[] = [];
    let clock = 0;
    const context: CliContext = {
      version: packageJson.version,
      env: {
        SKYPORT_API_URL: this.apiUrl,
        SKYPORT_CONFIG_DIR: this.configDir,
        ...options.env,
      },
      io: {
        out: (text) => {
          stdout += text;
        },
        err: (text) => {
          stderr += text;
        },
        width: options.width,
        stdoutIsTerminal: Boolean(options.terminal),
        readStdin: async () => options.stdin ?? "",
      },
      prompter: options.terminal ? scriptedPrompter(options.terminal) : null,
      spinner: (text) => {
        if (!options.terminal) return null;
        spinner.push(text);
        return {
          update: (next) => spinner.push(next),
          succeed: (final) => spinner.push(`✔ ${final}`),
          fail: (final) => spinner.push(`✖ ${final}`),
        };
      },
      pollIntervalMs: 1_000,
      sleep: async (ms) => {
        clock += ms;
        await options.onSleep?.(ms);
      },
      now: () => clock,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    };
    const code = await run(argv, context);
    return {
      code,
      stdout,
      stderr,
      spinner,
      json: () => JSON.parse(stdout),
    };
  }
}

/** `token create --name NAME --scope SCOPE --role ROLE …` */
export async function mintToken(
  user: CliUser,
  name: string,
  scope: string,
  role: string,
  ...more: string[]
): Promise<{ token: string; apiToken: Record<string, unknown> }> {
  const result = await user.run([
    "token",
    "create",
    "-o",
    "json",
    "--name",
    name,
    "--scope",
    scope,
    "--role",
    role,
    ...more,
  ]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.json();
}
