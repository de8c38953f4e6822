// The contracts of Airflow connections: one set of inputs with the owner in it. The domain checks
// the content (connection ids, types, ports, URIs, secret extra fields) and reports every problem
// at once naming the field as the user gave it.
import { z } from "zod";
import { pageInputShape, pageSchema } from "../shared/pagination.ts";
import {
  airflowConnectionViewSchema,
  environmentChangeShape,
  environmentOwnerSchema,
  linksInputShape,
} from "./environment.types.ts";
import { MAX_BULK_ENTRIES } from "./key-value.types.ts";

/** By id, or by connection id (exactly one; the domain says so otherwise). */
const refShape = {
  id: z.string().optional().describe("the object's id"),
  connectionId: z.string().optional().describe("the connection id"),
};

/**
 * The delivered fields, one by one, or all at once as `uri` (`postgres://user:pass@host:5432/db?sslmode=require`).
 * On update, omitted fields are kept; host, port, login, schema: null clears; password: omitted or
 * null keeps it, "" removes it; extra: null removes it, an object replaces it except secret fields
 * sent as null, which keep their stored values.
 */
export const connectionFieldsShape = {
  uri: z.string().optional().describe("the whole connection as a URI, instead of the fields"),
  connType: z.string().optional().describe("connection type"),
  host: z.string().nullable().optional().describe("host"),
  port: z.number().nullable().optional().describe("port"),
  login: z.string().nullable().optional().describe("login"),
  password: z.string().nullable().optional().describe("password (write-only)"),
  schema: z.string().nullable().optional().describe("schema"),
  extra: z.record(z.string(), z.unknown()).nullable().optional().describe("extra (a JSON object)"),
  /** Top-level extra fields that are secret (write-only, shown as null). */
  secretExtraFields: z.array(z.string()).optional().describe("secret extra fields"),
  description: z.string().optional().describe("description"),
};

const owner = { owner: environmentOwnerSchema };

export const airflowConnectionContracts = {
  listInput: z.object({ ...owner, ...pageInputShape }),
  listOutput: pageSchema(airflowConnectionViewSchema),
  getInput: z.object({ ...owner, ...refShape }),
  createInput: z.object({
    ...owner,
    /** Airflow's conn_id: letters, digits and '_' (delivered as AIRFLOW_CONN_<ID upper-cased>). */
    connectionId: z.string().describe("connection id"),
    ...connectionFieldsShape,
    ...linksInputShape,
  }),
  updateInput: z.object({ ...owner, ...refShape, ...connectionFieldsShape, ...linksInputShape }),
  deleteInput: z.object({ ...owner, ...refShape }),
  changeOutput: z.object({ airflowConnection: airflowConnectionViewSchema, ...environmentChangeShape }),
  deleteOutput: z.object({ id: z.string(), connectionId: z.string(), ...environmentChangeShape }),
  bulkInput: z.object({
    ...owner,
    entries: z
      .array(z.object({ connectionId: z.string().describe("connection id"), ...connectionFieldsShape }))
      .min(1, "give at least one entry")
      .max(MAX_BULK_ENTRIES, `give at most ${MAX_BULK_ENTRIES} entries at once`)
      .describe("the connections to set, all or none: new ids are added, existing ones changed"),
    mode: z
      .enum(["upsert", "create", "update"], { error: "must be upsert, create or update" })
      .optional()
      .describe(
        "upsert (default): add missing connections, change existing ones; create: every id must be new; update: every id must exist",
      ),
    ...linksInputShape,
  }),
  bulkOutput: z.object({
    created: z.array(airflowConnectionViewSchema),
    updated: z.array(airflowConnectionViewSchema),
    ...environmentChangeShape,
  }),
};
