import { gzipSync } from "node:zlib";
import { Header } from "tar";

export interface CraftedEntry {
  path: string;
  type?: "File" | "Directory" | "SymbolicLink" | "Link" | "FIFO" | "CharacterDevice";
  content?: Buffer | string;
  linkpath?: string;
}

/**
 * Writes tar headers by hand, byte for byte, so tests can build the archives an attacker
 * would send (paths a tar tool would refuse to write).
 */
export function craftTarball(entries: CraftedEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.from(entry.content ?? "");
    const type = entry.type ?? "File";
    const header = Buffer.alloc(512);
    new Header({
      path: entry.path,
      mode: type === "Directory" ? 0o755 : 0o644,
      size: type === "File" ? content.length : 0,
      mtime: new Date(0),
      type,
      linkpath: entry.linkpath ?? "",
      uid: 0,
      gid: 0,
    }).encode(header, 0);
    blocks.push(header);
    if (type === "File" && content.length > 0) {
      blocks.push(content, Buffer.alloc((512 - (content.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
