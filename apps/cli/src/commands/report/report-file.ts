// The reports file `report export` prints and `report apply -f` reads, so a workspace's status
// reports can live in a repository beside its alerts file. Reports are matched by title; a
// check names its deployment and Slack channels are named, so the file reads the same in every
// copy of the workspace. The schedule is kept as the cron it stands for (presets are cron too).
// The server validates every report; this file only checks its shape, naming the field in error.
import { stringify } from "yaml";
import type { BodyOf, Report, ReportCheck } from "../../api/types.ts";
import type { ListFileEntry, ListFileShape, NamesById } from "../list-file.ts";

type CheckBody = NonNullable<BodyOf<"createReport">["checks"]>[number];

/** A check as the file keeps it: the API's fields, with `deployment` (a name) for deploymentId. */
export type FileCheck = Omit<CheckBody, "deploymentId"> & { deployment: string };

export interface ReportFileEntry {
  title: string;
  description?: string;
  cron: string;
  timeZone?: string;
  sendMode?: BodyOf<"createReport">["sendMode"];
  requireSignIn?: boolean;
  showErrorDetails?: boolean;
  /** Slack notification channel names. */
  channels: string[];
  checks: FileCheck[];
}

const SHAPE: ListFileShape = {
  key: "reports",
  entry: "a status report",
  entries: "status reports",
  file: "a reports file",
  exportedBy: "skyport report export",
  fields: [
    "title",
    "description",
    "cron",
    "timeZone",
    "sendMode",
    "requireSignIn",
    "showErrorDetails",
    "channels",
    "checks",
  ],
  nameField: "title",
  uniqueBecause: "report titles are unique in a workspace",
};

const CHECK_FIELDS: ReadonlyArray<keyof ReportCheck> = [
  "kind",
  "label",
  "dagId",
  "taskId",
  "datasetNamespace",
  "datasetName",
  "assertion",
  "column",
  "freshnessMinutes",
  "deadline",
];

export function renderReportFile(reports: readonly ReportFileEntry[]): string {
  return stringify({ reports }, { lineWidth: 0 });
}

/** A check as the file keeps it: only the fields its kind has, the deployment by name. */
export function fileCheckOf(check: ReportCheck, deploymentName: (id: string) => string): FileCheck {
  const fields = Object.fromEntries(
    CHECK_FIELDS.filter((key) => check[key] !== null).map((key) => [key, check[key]]),
  );
  return { ...fields, deployment: deploymentName(check.deploymentId) } as FileCheck;
}

/** A report as the file keeps it, with its deployments and channels by name. */
export function fileReportOf(report: Report, names: NamesById): ReportFileEntry {
  return {
    title: report.title,
    ...(report.description ? { description: report.description } : {}),
    cron: report.cron,
    timeZone: report.timeZone,
    sendMode: report.sendMode,
    requireSignIn: report.requireSignIn,
    showErrorDetails: report.showErrorDetails,
    channels: report.channelIds.map(names.channel).sort(),
    checks: report.checks.map((check) => fileCheckOf(check, names.deployment)),
  };
}

function reportOf(entry: ListFileEntry): ReportFileEntry {
  const description = entry.text("description");
  const timeZone = entry.text("timeZone");
  const sendMode = entry.text("sendMode");
  const requireSignIn = entry.flag("requireSignIn");
  const showErrorDetails = entry.flag("showErrorDetails");
  const checks = entry.mappings("checks", "a check with kind and deployment").map((check, index) => {
    const at = `checks[${index}]`;
    const unknown = Object.keys(check).filter(
      (key) => key !== "deployment" && !(CHECK_FIELDS as readonly string[]).includes(key),
    );
    if (unknown.length > 0)
      throw entry.fail(
        `${at}.${unknown[0]}: not a field of a check (deployment, ${CHECK_FIELDS.join(", ")})`,
      );
    if (typeof check.deployment !== "string" || check.deployment.trim() === "")
      throw entry.fail(`${at}.deployment: is required (the name of a deployment of the workspace)`);
    if (typeof check.kind !== "string")
      throw entry.fail(`${at}.kind: is required (TASK, DAG, ASSERTION, TIMELINESS)`);
    return { ...check, kind: check.kind.toUpperCase() } as FileCheck;
  });
  return {
    title: entry.name,
    ...(description !== undefined ? { description } : {}),
    cron: entry.text("cron", true) as string,
    ...(timeZone !== undefined ? { timeZone } : {}),
    ...(sendMode !== undefined ? { sendMode: sendMode.toUpperCase() as ReportFileEntry["sendMode"] } : {}),
    ...(requireSignIn !== undefined ? { requireSignIn } : {}),
    ...(showErrorDetails !== undefined ? { showErrorDetails } : {}),
    channels: entry.texts("channels", "Slack notification channel names").slice().sort(),
    checks,
  };
}

/** What `report apply -f` reads. */
export const REPORTS_FILE = { shape: SHAPE, matchedBy: "title", entryOf: reportOf };
