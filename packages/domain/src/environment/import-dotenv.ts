import { formatBytes, utf8Bytes } from "@skyport/provisioning";
import { ConflictError, type FieldIssue, ValidationError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { lockNamesOf } from "../shared/names.ts";
import { parseDotenv } from "./dotenv.ts";
import { ENVIRONMENT_VARIABLE_KIND, type EnvironmentVariableView } from "./environment-variables.ts";
import { parseFlag, parseValue, throwIssues } from "./fields.ts";
import { insertKeyValue, nextValue } from "./key-value-objects.ts";
import type { KeyValueRow } from "./key-value-rows.ts";
import { changedViews, keyValueView } from "./key-value-views.ts";
import { assertEnvironmentFits } from "./limits.ts";
import { affectedDeployments, type LinksInput, linksOf, NO_LINKS, parseLinks } from "./links.ts";
import { reconcileAfterCommit } from "./reconcile.ts";
import { type EnvironmentOwner, ownerTarget, resolveOwner } from "./scope.ts";
import type { EnvironmentChange, EnvironmentServices } from "./services.ts";

export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_ENTRIES = 1000;

export interface ImportEnvironmentVariablesInput extends LinksInput {
  /** The .env file's text. */
  text: unknown;
  /** Mark every imported variable secret. Default false. */
  isSecret?: unknown;
  /** Replace the values of keys that already exist. Default false. */
  overwrite?: unknown;
}

export interface ImportedEnvironmentVariables extends EnvironmentChange {
  created: EnvironmentVariableView[];
  updated: EnvironmentVariableView[];
}

function withoutDescription({
  description: _none,
  ...view
}: EnvironmentVariableView & { description: string }) {
  return view;
}

export async function importEnvironmentVariables(
  ctx: MutationContext,
  input: { owner: EnvironmentOwner } & ImportEnvironmentVariablesInput,
  services: EnvironmentServices,
): Promise<ImportedEnvironmentVariables> {
  const kind = ENVIRONMENT_VARIABLE_KIND;
  const table = kind.table;
  const { created, updated, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.owner, "manage");
    const issues: FieldIssue[] = [];
    const isSecret = parseFlag(input.isSecret, "isSecret", issues) ?? false;
    const overwrite = parseFlag(input.overwrite, "overwrite", issues) ?? false;
    if (typeof input.text !== "string") {
      throw ValidationError.of([...issues, { field: "text", message: "must be the text of a .env file" }]);
    }
    const text = input.text;
    const size = utf8Bytes(text);
    if (size > MAX_IMPORT_BYTES) {
      throw new ValidationError(
        "text",
        `is ${formatBytes(size)}; import at most ${formatBytes(MAX_IMPORT_BYTES)}`,
      );
    }
    const links = await parseLinks(tx, owner, input, NO_LINKS, issues);
    const { entries, problems } = parseDotenv(text);
    for (const problem of problems) issues.push({ field: `lines.${problem.line}`, message: problem.message });
    if (entries.length === 0 && problems.length === 0)
      issues.push({ field: "text", message: "has no KEY=VALUE lines" });
    if (entries.length > MAX_IMPORT_ENTRIES) {
      issues.push({
        field: "text",
        message: `has ${entries.length} variables; import at most ${MAX_IMPORT_ENTRIES} at once`,
      });
    }
    for (const entry of entries) {
      const problem = ENVIRONMENT_VARIABLE_KIND.keyProblem(entry.key);
      if (problem) issues.push({ field: `lines.${entry.line}.key`, message: problem });
      parseValue(entry.value, `lines.${entry.line}.value`, issues);
    }
    await lockNamesOf(tx, `environment:${table.name}`, owner.scopeId);
    const existing = new Map<string, KeyValueRow>();
    for (const row of await table.findKeys(
      tx,
      owner.scopeId,
      entries.map((entry) => entry.key),
    )) {
      existing.set(row.key, row);
    }
    if (!overwrite) {
      for (const entry of entries) {
        if (existing.has(entry.key)) {
          issues.push({
            field: `lines.${entry.line}.key`,
            message: `${entry.key} already exists; import with overwrite to replace its value`,
          });
        }
      }
    }
    throwIssues(issues);

    const created: KeyValueRow[] = [];
    const updated: KeyValueRow[] = [];
    const plaintext = new Map<string, string>();
    for (const entry of entries) {
      const current = existing.get(entry.key);
      if (current) {
        const row = await table.updateIfUnchanged(tx, current, {
          isSecret: current.isSecret || isSecret,
          ...(await nextValue(services.secrets, tx, kind, current, entry.value)),
        });
        if (!row)
          throw new ConflictError(
            `${entry.key} was changed meanwhile; try the import again`,
            `lines.${entry.line}.key`,
          );
        updated.push(row);
      } else {
        created.push(
          await insertKeyValue(tx, services.secrets, kind, owner, {
            key: entry.key,
            value: entry.value,
            description: "",
            isSecret,
            ...links,
          }),
        );
      }
      plaintext.set(entry.key, entry.value);
    }
    const affected = await affectedDeployments(tx, owner, [links, ...updated.map(linksOf)]);
    await assertEnvironmentFits(tx, owner, affected, "text");
    const view = async (row: KeyValueRow) =>
      withoutDescription(
        await keyValueView(tx, services.secrets, table.name, row, owner, plaintext.get(row.key)),
      );
    return {
      result: { ...(await changedViews(created, updated, view)), affected },
      audit: {
        organizationId: owner.organizationId,
        action: "environmentVariable.import",
        targets: [ownerTarget(owner)],
        metadata: {
          scope: owner.scope,
          created: created.map((row) => row.key),
          updated: updated.map((row) => row.key),
          // "isSecret" would be redacted as a secret-looking field name.
          writeOnly: isSecret,
          ...links,
        },
      },
    };
  });
  return { created, updated, ...(await reconcileAfterCommit(services, affected)) };
}
