// `skyport audit-logs export`: the organization's audit log as NDJSON (one event per line,
// oldest first), streamed to a file or stdout as the server sends it. `skyport audit-logs verify`:
// the hash chain checked against the signed checkpoints kept outside the database.
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { ok } from "../../api/client.ts";
import type { operations } from "../../api/schema.ts";
import { everyOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import { choiceOption, inOrganization, note, print } from "../shared.ts";

type ActorType = NonNullable<
  NonNullable<operations["exportAuditEvents"]["parameters"]["query"]>["actorType"]
>;
const ACTOR_TYPES = everyOf<ActorType>()(["USER", "API_TOKEN", "SYSTEM"]);

interface ExportOptions {
  output?: string;
  from?: string;
  to?: string;
  action?: string;
  actorId?: string;
  actorType?: ActorType;
  targetId?: string;
  targetType?: string;
}

function isoTime(value: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime()))
    throw new InvalidArgumentError("must be a date or time like 2026-01-31T12:00:00Z");
  return time.toISOString();
}

export function registerAuditLogCommands(program: Command, context: CliContext): void {
  const audit = defineGroup(program, "audit-logs", "the organization's audit log");

  defineCommand(audit, "export", "export the audit log as NDJSON, one event per line, oldest first")
    .option("--output <file>", "write to this file (default: stdout)")
    .option("--from <time>", "events at or after this time (ISO 8601)", isoTime)
    .option("--to <time>", "events before this time (ISO 8601)", isoTime)
    .option("--action <action>", "only this action, e.g. deployment.create")
    .option("--actor-id <id>", "only events by this user or token")
    .addOption(choiceOption("--actor-type <type>", "only events by this kind of actor", ACTOR_TYPES))
    .option("--target-id <id>", "only events about this object")
    .option("--target-type <type>", "only events about this kind of object, e.g. deployment")
    .action(
      inOrganization(context, async (session, organizationId, options: ExportOptions) => {
        const client = session.authenticated();
        const stream = await ok(
          client.api.GET("/organizations/{organizationId}/audit-logs/export", {
            params: {
              path: { organizationId },
              query: {
                from: options.from,
                to: options.to,
                action: options.action,
                actorId: options.actorId,
                actorType: options.actorType,
                targetId: options.targetId,
                targetType: options.targetType,
              },
            },
            parseAs: "stream",
            fetch: (request: Request) => client.streaming(request),
          }),
        );
        if (!stream) throw new CliError("the server sent no audit log");
        const body = Readable.fromWeb(stream as import("node:stream/web").ReadableStream<Uint8Array>);
        if (!options.output) {
          // Decoded as a stream: a character split between two chunks stays whole.
          const decoder = new TextDecoder();
          for await (const chunk of body)
            context.io.out(decoder.decode(chunk as Uint8Array, { stream: true }));
          context.io.out(decoder.decode());
          return;
        }
        // Written beside the target and renamed at the end: a broken download leaves no partial file.
        const temporary = `${options.output}.${process.pid}.part`;
        try {
          await pipeline(body, createWriteStream(temporary, { mode: 0o600 }));
          await rename(temporary, options.output);
        } catch (error) {
          await rm(temporary, { force: true });
          throw new CliError(`the export to ${options.output} failed: ${(error as Error).message}`);
        }
        note(session, `Wrote the audit log to ${options.output}.`);
      }),
    );

  defineCommand(
    audit,
    "verify",
    "check the hash chain and the signed checkpoints kept outside the database; exit 1 when broken",
    { prints: true },
  ).action(
    inOrganization(context, async (session, organizationId) => {
      const report = await ok(
        session.api.GET("/organizations/{organizationId}/audit-logs/verification", {
          params: { path: { organizationId } },
        }),
      );
      const { anchoring } = report;
      const anchored =
        anchoring.status === "NOT_CONFIGURED"
          ? "no: no signing key is configured (SKYPORT_AUDIT_SIGNING_KEY)"
          : anchoring.latest
            ? `yes: ${anchoring.checkpoints} signed checkpoint(s), the latest at event ${anchoring.latest.sequence} (${anchoring.latest.checkpointedAt})`
            : "not yet: the worker writes the first checkpoint within its interval";
      print(session, {
        data: report,
        details: [
          { label: "Intact", value: report.ok ? "yes" : "NO" },
          { label: "Events verified", value: String(report.checked) },
          { label: "Anchored", value: anchored },
          ...(report.firstBroken
            ? [
                {
                  label: "First broken",
                  value: `event ${report.firstBroken.sequence}: ${report.firstBroken.reason}`,
                },
              ]
            : []),
          ...anchoring.rejected.map((rejected) => ({ label: "Rejected", value: rejected.reason })),
        ],
      });
      if (!report.ok) throw new CliError("the audit log does not verify", ExitCode.Failure);
    }),
  );
}
