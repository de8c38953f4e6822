import { publicStatusHandler } from "@/server/reports/public-status.ts";

export const dynamic = "force-dynamic";

/** A report's public status as JSON (no sign-in; 404 for unknown or revoked links). */
export const GET = publicStatusHandler("json");
