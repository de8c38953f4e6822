// Reading back what the audit trail recorded.
import type { PrismaClient } from "@skyport/db";

type AuditWhere = NonNullable<Parameters<PrismaClient["auditEvent"]["findMany"]>[0]>["where"];

/** The actions of the audit events matching `where`, in the order they were written, after the first `skip`. */
export async function auditActions(db: PrismaClient, where: AuditWhere, skip = 0): Promise<string[]> {
  const events = await db.auditEvent.findMany({
    where,
    orderBy: { sequence: "asc" },
    skip,
    select: { action: true },
  });
  return events.map((event) => event.action);
}
