import { z } from "zod";
import { environmentChangeShape, linksViewShape, scopeSchema } from "../deployment-environment/schemas.ts";

/**
 * A connection as shown: the password never (only `passwordSet`), extra fields named in
 * secretExtraFields as null; names-only callers get the id, type and description alone.
 */
export const airflowConnectionViewSchema = z.object({
  id: z.string(),
  scope: scopeSchema,
  workspaceId: z.string(),
  deploymentId: z.string().nullable(),
  connectionId: z.string(),
  connType: z.string(),
  description: z.string(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  login: z.string().nullable(),
  schema: z.string().nullable(),
  password: z.null(),
  passwordSet: z.boolean(),
  extra: z.record(z.string(), z.unknown()).nullable(),
  secretExtraFields: z.array(z.string()),
  masked: z.boolean(),
  valueVersion: z.number().int(),
  ...linksViewShape,
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** By id, or by connection id (exactly one; the domain says so otherwise). */
export const airflowConnectionRefShape = { id: z.string().optional(), connectionId: z.string().optional() };

/**
 * The delivered fields, one by one, or all at once as `uri` (`postgres://user:pass@host:5432/db?sslmode=require`).
 * On update, omitted fields are kept; host, port, login, schema: null clears; password: omitted or
 * null keeps it, "" removes it; extra: null removes it, an object replaces it except secret fields
 * sent as null, which keep their stored values.
 */
export const connectionFieldsShape = {
  uri: z.string().optional(),
  connType: z.string().optional(),
  host: z.string().nullable().optional(),
  port: z.number().nullable().optional(),
  login: z.string().nullable().optional(),
  password: z.string().nullable().optional(),
  schema: z.string().nullable().optional(),
  extra: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Top-level extra fields that are secret (write-only, shown as null). */
  secretExtraFields: z.array(z.string()).optional(),
  description: z.string().optional(),
};

export const airflowConnectionChangeSchema = z.object({
  airflowConnection: airflowConnectionViewSchema,
  ...environmentChangeShape,
});
