// Prompts on a terminal, through Inquirer's prompts. The streams are parameters so a test can
// answer them; the CLI passes none (the process's own terminal).
import type { Readable, Writable } from "node:stream";
import confirm from "@inquirer/confirm";
import input from "@inquirer/input";
import password from "@inquirer/password";
import type { Prompter } from "../context.ts";
import { CliError } from "../exit-codes.ts";

export interface TerminalStreams {
  input: Readable;
  output: Writable;
}

/** Ctrl-C in a prompt rejects with ExitPromptError: a cancellation, not a crash. */
async function asked<T>(question: Promise<T>): Promise<T> {
  try {
    return await question;
  } catch (error) {
    if (error instanceof Error && error.name === "ExitPromptError") throw new CliError("cancelled");
    throw error;
  }
}

export function terminalPrompter(streams?: TerminalStreams): Prompter {
  const context = streams ? { input: streams.input, output: streams.output } : undefined;
  return {
    text: (message, options = {}) =>
      asked(
        input({ message, ...(options.default !== undefined ? { default: options.default } : {}) }, context),
      ),
    secret: (message) => asked(password({ message, mask: "*" }, context)),
    confirm: (message, options = {}) =>
      asked(confirm({ message, default: options.default ?? false }, context)),
  };
}
