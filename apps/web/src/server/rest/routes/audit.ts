import type { Actor } from "@skyport/domain";
import {
  auditChainReportSchema,
  auditEventSchema,
  auditFiltersSchema,
  listAuditEventsInput,
  verifyAuditLogInput,
} from "@skyport/domain";
import { z } from "zod";
import { auditExportStream } from "../../audit-export.ts";
import { defineRoute } from "../define.ts";
import { pageSchema } from "../pagination.ts";
import { isoDateTime } from "./shared.ts";

const tag = "Audit log";
const dateFilters = { from: isoDateTime.nullish(), to: isoDateTime.nullish() };

export const auditRoutes = [
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/audit-logs",
    operationId: "listAuditEvents",
    summary: "The audit log, newest first, one page at a time (filter by actor, action, target, time)",
    tag,
    input: listAuditEventsInput.extend(dateFilters),
    output: pageSchema(auditEventSchema),
    async handle({ caller, input }) {
      const page = await caller.audit.list(input);
      return { items: page.events, nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/audit-logs/export",
    operationId: "exportAuditEvents",
    summary: "The audit log as NDJSON, one event per line, oldest first (same filters)",
    tag,
    input: auditFiltersSchema.extend(dateFilters),
    output: z.string(),
    rawResponse: { contentType: "application/x-ndjson" },
    // The caller and the filters are already resolved and validated by the REST layer.
    handle: ({ ctx, input }) =>
      auditExportStream(ctx.services, ctx.actor as Actor, input, {
        organizationId: input.organizationId,
        requestId: ctx.requestId,
        logger: ctx.logger,
      }),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/audit-logs/verification",
    operationId: "verifyAuditLog",
    summary: "Check the audit log's hash chain against the signed checkpoints; reports the first broken link",
    tag,
    input: verifyAuditLogInput,
    output: auditChainReportSchema,
    handle: ({ caller, input }) => caller.audit.verify(input),
  }),
];
