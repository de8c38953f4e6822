import { ConflictError, type FieldIssue } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { lockNamesOf } from "../shared/names.ts";
import type { EnvironmentOwner } from "./environment.types.ts";
import { parseDescriptionField, parseFlag, parseValue, throwIssues } from "./fields.ts";
import { insertKeyValue, type KeyValueKind, nextValue, where } from "./key-value-objects.ts";
import type { KeyValueRow } from "./key-value-rows.ts";
import { changedViews, type KeyValueView, keyValueView } from "./key-value-views.ts";
import { assertEnvironmentFits } from "./limits.ts";
import { affectedDeployments, type LinksInput, linksOf, NO_LINKS, parseLinks } from "./links.ts";
import { reconcileAfterCommit } from "./reconcile.ts";
import { ownerTarget, type ResolvedOwner, resolveOwner } from "./scope.ts";
import type { EnvironmentChange, EnvironmentServices } from "./services.ts";

export type BulkMode = "upsert" | "create" | "update";

export interface KeyValueBulkEntry {
  key: unknown;
  value?: unknown;
  isSecret?: unknown;
  description?: unknown;
}

export interface KeyValueBulkInput extends LinksInput {
  owner: EnvironmentOwner;
  entries: unknown;
  mode?: unknown;
}

export interface KeyValueBulkResult extends EnvironmentChange {
  created: Array<KeyValueView & { description: string }>;
  updated: Array<KeyValueView & { description: string }>;
}

const MODES: readonly BulkMode[] = ["upsert", "create", "update"];

interface CheckedEntry {
  key: string;
  value: string | undefined;
  isSecret: boolean | undefined;
  description: string | undefined;
  current: KeyValueRow | undefined;
}

function capitalised(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** Checks every entry against the kind's rules and the owner's stored keys; issues are appended. */
async function checkEntries(
  tx: Parameters<Parameters<typeof mutate>[1]>[0],
  kind: KeyValueKind,
  owner: ResolvedOwner,
  raw: unknown,
  mode: BulkMode,
  issues: FieldIssue[],
): Promise<CheckedEntry[]> {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push({ field: "entries", message: "give at least one entry" });
    return [];
  }
  const keys = raw.map((entry) =>
    typeof (entry as KeyValueBulkEntry)?.key === "string" ? (entry as { key: string }).key.trim() : "",
  );
  await lockNamesOf(tx, `environment:${kind.table.name}`, owner.scopeId);
  const stored = await kind.table.findKeysIgnoringCase(
    tx,
    owner.scopeId,
    keys.filter((key) => key !== ""),
  );
  const storedFor = (key: string) =>
    stored.find((row) => row.key === key) ??
    (kind.keysIgnoreCase ? stored.find((row) => row.key.toUpperCase() === key.toUpperCase()) : undefined);
  const seen = new Map<string, number>();
  const checked: CheckedEntry[] = [];
  raw.forEach((item: unknown, index) => {
    const entry = (typeof item === "object" && item !== null ? item : {}) as KeyValueBulkEntry;
    const key = keys[index] as string;
    const name = key === "" ? `entry ${index + 1}` : `${capitalised(kind.label)} \`${key}\``;
    const report = (field: string, message: string) =>
      issues.push({ field: `entries.${index}.${field}`, message: `${name}: ${field} ${message}` });
    const entryIssues: FieldIssue[] = [];
    const collect = (field: string) => (list: FieldIssue[]) => {
      for (const issue of list) report(field, issue.message);
    };
    if (key === "") {
      report("key", "is required");
      return;
    }
    const keyProblem = kind.keyProblem(key);
    if (keyProblem) report("key", keyProblem);
    const sameName = kind.keysIgnoreCase ? key.toUpperCase() : key;
    const earlier = seen.get(sameName);
    if (earlier !== undefined) report("key", `is already given by entry ${earlier + 1}`);
    seen.set(sameName, index);

    const current = storedFor(key);
    if (current && mode === "create") {
      report(
        "key",
        current.key === key
          ? `already exists ${where(owner)}`
          : `is read by Airflow as “${current.key}”, which already exists ${where(owner)}`,
      );
    }
    if (!current && mode === "update") report("key", `does not exist ${where(owner)}`);

    const given = entry.value !== undefined && entry.value !== null;
    let value: string | undefined;
    if (given) {
      value = parseValue(entry.value, "value", entryIssues);
      collect("value")(entryIssues.splice(0));
    } else if (!current) {
      report("value", "is required for a new key");
    }
    const isSecret = parseFlag(entry.isSecret, "isSecret", entryIssues);
    collect("isSecret")(entryIssues.splice(0));
    let description: string | undefined;
    if (entry.description !== undefined && kind.hasDescription) {
      description = parseDescriptionField(entry.description, entryIssues);
      collect("description")(entryIssues.splice(0));
    }
    if (current?.isSecret && isSecret === false && !given) {
      report(
        "isSecret",
        "a secret stays secret unless a new value is given with the change: its current value is never revealed",
      );
    }
    checked.push({ key: current?.key ?? key, value, isSecret, description, current });
  });
  return checked;
}

/** Sets every entry, or none: see the top of the file. */
export async function bulkSetKeyValues(
  ctx: MutationContext,
  kind: KeyValueKind,
  input: KeyValueBulkInput,
  services: EnvironmentServices,
): Promise<KeyValueBulkResult> {
  const { created, updated, affected } = await mutate(ctx, async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.owner, "manage");
    const issues: FieldIssue[] = [];
    const mode = input.mode === undefined ? "upsert" : (input.mode as BulkMode);
    if (!MODES.includes(mode)) issues.push({ field: "mode", message: "must be upsert, create or update" });
    const links = await parseLinks(tx, owner, input, NO_LINKS, issues);
    const entries = await checkEntries(tx, kind, owner, input.entries, mode, issues);
    throwIssues(issues);

    const created: KeyValueRow[] = [];
    const updated: KeyValueRow[] = [];
    const plaintext = new Map<string, string>();
    for (const entry of entries) {
      const { current } = entry;
      if (current) {
        const row = await kind.table.updateIfUnchanged(tx, current, {
          isSecret: entry.isSecret ?? current.isSecret,
          ...(kind.hasDescription && entry.description !== undefined
            ? { description: entry.description }
            : {}),
          ...(entry.value === undefined
            ? {}
            : await nextValue(services.secrets, tx, kind, current, entry.value)),
        });
        if (!row)
          throw new ConflictError(
            `${kind.label} “${current.key}” was changed meanwhile; try again`,
            "entries",
          );
        updated.push(row);
      } else {
        created.push(
          await insertKeyValue(tx, services.secrets, kind, owner, {
            key: entry.key,
            value: entry.value as string,
            description: kind.hasDescription ? (entry.description ?? "") : "",
            isSecret: entry.isSecret ?? false,
            ...links,
          }),
        );
      }
      if (entry.value !== undefined) plaintext.set(entry.key, entry.value);
    }
    const changedValues = updated.filter((row) => plaintext.has(row.key));
    const affected =
      created.length > 0 || changedValues.length > 0
        ? await affectedDeployments(tx, owner, [
            ...(created.length > 0 ? [links] : []),
            ...changedValues.map(linksOf),
          ])
        : [];
    await assertEnvironmentFits(tx, owner, affected, "entries");
    const view = (row: KeyValueRow) =>
      keyValueView(tx, services.secrets, kind.table.name, row, owner, plaintext.get(row.key));
    return {
      result: { ...(await changedViews(created, updated, view)), affected },
      audit: {
        organizationId: owner.organizationId,
        action: `${kind.entryKind}.bulkUpdate`,
        targets: [ownerTarget(owner)],
        metadata: {
          scope: owner.scope,
          mode,
          created: created.map((row) => row.key),
          updated: updated.map((row) => row.key),
          // Keys only: "isSecret" would be redacted as a secret-looking field name.
          writeOnly: [...created, ...updated].filter((row) => row.isSecret).map((row) => row.key),
          ...(owner.scope === "WORKSPACE" && created.length > 0 ? links : {}),
        },
      },
    };
  });
  return { created, updated, ...(await reconcileAfterCommit(services, affected)) };
}
