import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The development mailbox: with no SMTP server configured, each email is written to
 * `<state dir>/mailbox` as the raw message (.eml, openable in any mail client) and a JSON
 * summary the console's /dev/mailbox page lists.
 */
export interface MailboxMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The organization the email is about, if any (see OutgoingEmail). */
  organizationId: string | null;
  /** ISO time the message was written. */
  date: string;
}

/**
 * Where the development mailbox lives. Both the web process (started in apps/web) and the
 * worker (started at the root) must agree, so without SKYPORT_STATE_DIR it is found from
 * the repository root, not the working directory.
 */
export function resolveMailboxDir(stateDir: string | null | undefined, cwd = process.cwd()): string {
  if (stateDir) return path.join(path.resolve(cwd, stateDir), "mailbox");
  return path.join(findRepositoryRoot(cwd), ".skyport", "mailbox");
}

function findRepositoryRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // not a readable manifest; keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** Writes one message; returns its id and the .eml path. */
export async function writeToMailbox(
  dir: string,
  message: Omit<MailboxMessage, "id" | "date">,
  raw: Buffer,
  now = new Date(),
): Promise<{ id: string; file: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Sortable by name: time first, then randomness for messages written in the same millisecond.
  const id = `${now.toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
  const summary: MailboxMessage = { id, date: now.toISOString(), ...message };
  const file = path.join(dir, `${id}.eml`);
  await writeFile(file, raw, { mode: 0o600 });
  await writeFile(path.join(dir, `${id}.json`), `${JSON.stringify(summary, null, 2)}\n`, { mode: 0o600 });
  return { id, file };
}

const MESSAGE_ID = /^[0-9TZ-]+-[0-9a-f]{8}$/;

/** The newest messages first. A missing mailbox is an empty one. */
export async function listMailbox(dir: string, limit = 100): Promise<MailboxMessage[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const ids = names
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .filter((id) => MESSAGE_ID.test(id))
    .sort()
    .reverse()
    .slice(0, limit);
  const messages = await Promise.all(
    ids.map(async (id) => {
      try {
        return JSON.parse(await readFile(path.join(dir, `${id}.json`), "utf8")) as MailboxMessage;
      } catch {
        return null; // half-written or removed meanwhile
      }
    }),
  );
  return messages.filter((m): m is MailboxMessage => m !== null);
}
