// The contracts of environment variables and Airflow variables: one set of inputs per kind with
// the owner in it. `…Fields` are the shapes without the owner, from which the REST routes build
// their per-owner path schemas; the domain checks content (names, sizes, secrets, links).
import { z } from "zod";
import { pageInputShape, pageSchema } from "../shared/pagination.ts";
import {
  airflowVariableViewSchema,
  environmentChangeShape,
  environmentOwnerSchema,
  environmentVariableViewSchema,
  linksInputShape,
} from "./environment.types.ts";

export const MAX_BULK_ENTRIES = 1000;

/** By id, or by key (exactly one; the domain says so otherwise). */
const refShape = {
  id: z.string().optional().describe("the object's id"),
  key: z.string().optional().describe("the key"),
};

const secretFlag = z.boolean().optional().describe("secret values are write-only: never shown again");

function keyValueFields(options: { description: boolean }) {
  const description = options.description
    ? { description: z.string().optional().describe("what the value is for") }
    : {};
  return {
    ref: refShape,
    create: {
      key: z.string().describe("the key"),
      value: z.string().describe("the value"),
      isSecret: secretFlag,
      ...description,
    },
    update: {
      ...refShape,
      value: z
        .string()
        .nullable()
        .optional()
        .describe("a new value; omitted or null keeps the stored one (a secret is never shown to send back)"),
      isSecret: z
        .boolean()
        .optional()
        .describe("a secret can become non-secret only together with a new value"),
      ...description,
    },
    bulk: {
      entries: z
        .array(
          z.object({
            key: z.string().describe("the key"),
            value: z
              .string()
              .nullable()
              .optional()
              .describe("the value; required for a new key, omitted or null keeps an existing one"),
            isSecret: z
              .boolean()
              .optional()
              .describe("omitted: new keys are not secret, existing ones stay as they are"),
            ...description,
          }),
        )
        .min(1, "give at least one entry")
        .max(MAX_BULK_ENTRIES, `give at most ${MAX_BULK_ENTRIES} entries at once`)
        .describe("the entries to set, all or none"),
      mode: z
        .enum(["upsert", "create", "update"], { error: "must be upsert, create or update" })
        .optional()
        .describe(
          "upsert (default): add missing keys, change existing ones; create: every key must be new; update: every key must exist",
        ),
    },
  };
}

export const environmentVariableFields = keyValueFields({ description: false });
export const airflowVariableFields = keyValueFields({ description: true });

const owner = { owner: environmentOwnerSchema };

function keyValueContracts<V extends z.ZodType>(fields: ReturnType<typeof keyValueFields>, view: V) {
  const change = <K extends string>(name: K) =>
    z.object({ [name]: view, ...environmentChangeShape } as { [P in K]: V } & typeof environmentChangeShape);
  return {
    listInput: z.object({ ...owner, ...pageInputShape }),
    listOutput: pageSchema(view),
    getInput: z.object({ ...owner, ...fields.ref }),
    createInput: z.object({ ...owner, ...fields.create, ...linksInputShape }),
    updateInput: z.object({ ...owner, ...fields.update, ...linksInputShape }),
    deleteInput: z.object({ ...owner, ...fields.ref }),
    bulkInput: z.object({ ...owner, ...fields.bulk, ...linksInputShape }),
    bulkOutput: z.object({ created: z.array(view), updated: z.array(view), ...environmentChangeShape }),
    deleteOutput: z.object({ id: z.string(), key: z.string(), ...environmentChangeShape }),
    change,
  };
}

const environmentVariable = keyValueContracts(environmentVariableFields, environmentVariableViewSchema);
const airflowVariable = keyValueContracts(airflowVariableFields, airflowVariableViewSchema);

export const environmentVariableContracts = {
  ...environmentVariable,
  changeOutput: environmentVariable.change("environmentVariable"),
  importInput: z.object({
    ...owner,
    /** Problems are reported per line as `lines.<n>`, `lines.<n>.key`, `lines.<n>.value`. */
    text: z.string().describe("the text of a .env file"),
    isSecret: z.boolean().optional().describe("mark every imported variable secret"),
    overwrite: z
      .boolean()
      .optional()
      .describe("replace the values of keys that already exist (a secret one stays secret)"),
    ...linksInputShape,
  }),
  importOutput: environmentVariable.bulkOutput,
};

export const airflowVariableContracts = {
  ...airflowVariable,
  changeOutput: airflowVariable.change("airflowVariable"),
};

export type KeyValueBulkInput = z.input<typeof environmentVariableContracts.bulkInput> & {
  entries: Array<{ description?: string }>;
};
