// The `--wait` spinner, drawn by yocto-spinner on a terminal.
import type { Writable } from "node:stream";
import yoctoSpinner from "yocto-spinner";
import type { Spinner } from "../context.ts";

export function terminalSpinner(text: string, stream: Writable): Spinner {
  const spinner = yoctoSpinner({ text, stream: stream as NodeJS.WriteStream }).start();
  return {
    update(next) {
      spinner.text = next;
    },
    succeed(final) {
      spinner.success(final);
    },
    fail(final) {
      spinner.error(final);
    },
  };
}
