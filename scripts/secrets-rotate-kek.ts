// `npm run secrets:rotate-kek [-- --batch-size N]`: re-wraps every organization data key under
// the active KEK (the first entry of SKYPORT_KEK). Safe to stop and run again. Afterwards the
// KEKs it reports as no longer in use may be removed from SKYPORT_KEK.
import { parseArgs } from "node:util";
import { rotateKeyEncryptionKey } from "@skyport/domain";
import { openSecretsTool, runSecretsCommand, say } from "./secrets-tool.ts";

runSecretsCommand(async () => {
  const { values } = parseArgs({ options: { "batch-size": { type: "string", default: "100" } } });
  const batchSize = Number(values["batch-size"]);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new Error("--batch-size must be a whole number of at least 1");
  const tool = await openSecretsTool("secrets:rotate-kek");
  try {
    say(`Re-wrapping data keys under KEK "${tool.keyring.activeId}" ...`);
    const result = await rotateKeyEncryptionKey({
      db: tool.db,
      keyring: tool.keyring,
      batchSize,
      onProgress: ({ rewrapped, remaining }) =>
        say(`  re-wrapped ${rewrapped} data keys, ${remaining} to go`),
    });
    say(
      `Done: ${result.rewrapped} data keys re-wrapped; every data key is wrapped by KEK "${result.activeKekId}".`,
    );
    const unused = [...tool.keyring.keys.keys()].filter((id) => !result.kekIdsInUse.includes(id));
    if (unused.length > 0)
      say(
        `No data key uses ${unused.map((id) => `"${id}"`).join(", ")} any more: it may be removed from SKYPORT_KEK.`,
      );
  } finally {
    await tool.close();
  }
});
