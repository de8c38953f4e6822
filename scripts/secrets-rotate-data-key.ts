// `npm run secrets:rotate-data-key -- --organization <id> [--batch-size N]`: gives the
// organization a new data key, re-encrypts its secret values with it and deletes the old key.
// Safe to stop and run again: the next run finishes the same rotation.
import { parseArgs } from "node:util";
import { NotFoundError, rotateOrganizationDataKey } from "@skyport/domain";
import { openSecretsTool, runSecretsCommand, say } from "./secrets-tool.ts";

runSecretsCommand(async () => {
  const { values } = parseArgs({
    options: { organization: { type: "string" }, "batch-size": { type: "string", default: "100" } },
  });
  const organizationId = values.organization;
  if (!organizationId)
    throw new Error(
      "--organization <id> is required: npm run secrets:rotate-data-key -- --organization <id>",
    );
  const batchSize = Number(values["batch-size"]);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new Error("--batch-size must be a whole number of at least 1");
  const tool = await openSecretsTool("secrets:rotate-data-key");
  try {
    say(`Rotating the data key of organization ${organizationId} ...`);
    const result = await rotateOrganizationDataKey({
      db: tool.db,
      keyring: tool.keyring,
      organizationId,
      batchSize,
      onProgress: ({ reencrypted, remaining }) =>
        say(`  re-encrypted ${reencrypted} values, ${remaining} to go`),
    }).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new Error(`Organization ${organizationId} not found`);
      throw error;
    });
    if (result.activeVersion === null) {
      say("The organization has no data key yet (it has never stored a secret): nothing to rotate.");
      return;
    }
    say(
      `Done${result.resumed ? " (finished an earlier, interrupted rotation)" : ""}: ${result.reencrypted} values re-encrypted; ` +
        `active data key version ${result.activeVersion}` +
        (result.retiredVersions.length ? `; retired version(s) ${result.retiredVersions.join(", ")}.` : "."),
    );
  } finally {
    await tool.close();
  }
});
