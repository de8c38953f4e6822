import { publicStatusHandler } from "@/server/reports/public-status.ts";

export const dynamic = "force-dynamic";

/** A report's status as an SVG badge for wikis and dashboards (404 for unknown or revoked links). */
export const GET = publicStatusHandler("svg");
