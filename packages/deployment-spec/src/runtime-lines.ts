// Which runtime line (Airflow 2.x or 3.x) reads an Airflow setting. Airflow 3 moved settings
// between sections (DAG parsing into [dag_processor], the UI/API server's into [api]); an override
// of a key the chosen runtime does not read does nothing (or only warns), so the spec refuses it
// and names the key that runtime reads instead. Stored specs written before this rule are
// translated instead of refused, so a running deployment keeps converging (see
// settleOverridesForRuntime).
//
// Source: Airflow 3's own migration rules (`airflow config lint`, config_command.py
// CONFIGS_CHANGES) and its config.yml. Only keys whose meaning carries over one-to-one are
// listed; a key both lines read under the same name is not listed.
import { findRuntime } from "./catalog.ts";

export type RuntimeMajor = 2 | 3;

export interface MovedSetting {
  /** The key as Airflow 2 reads it, "section.key". */
  readonly airflow2: string;
  /** The key as Airflow 3 reads it. */
  readonly airflow3: string;
}

const move = (airflow2: string, airflow3: string): MovedSetting => ({ airflow2, airflow3 });

export const MOVED_SETTINGS: readonly MovedSetting[] = [
  // DAG parsing: the standalone DAG processor's own section in Airflow 3.
  move("scheduler.dag_dir_list_interval", "dag_processor.refresh_interval"),
  move("scheduler.parsing_processes", "dag_processor.parsing_processes"),
  move("scheduler.min_file_process_interval", "dag_processor.min_file_process_interval"),
  move("scheduler.file_parsing_sort_mode", "dag_processor.file_parsing_sort_mode"),
  move("scheduler.max_callbacks_per_loop", "dag_processor.max_callbacks_per_loop"),
  move("scheduler.stale_dag_threshold", "dag_processor.stale_dag_threshold"),
  move("scheduler.print_stats_interval", "dag_processor.print_stats_interval"),
  move("scheduler.parsing_pre_import_modules", "dag_processor.parsing_pre_import_modules"),
  move("core.dag_file_processor_timeout", "dag_processor.dag_file_processor_timeout"),
  // The webserver became the API server.
  move("webserver.workers", "api.workers"),
  move("webserver.web_server_worker_timeout", "api.worker_timeout"),
  move("webserver.expose_config", "api.expose_config"),
  move("webserver.secret_key", "api.secret_key"),
  move("webserver.base_url", "api.base_url"),
  move("webserver.web_server_host", "api.host"),
  move("webserver.web_server_port", "api.port"),
  move("webserver.instance_name", "api.instance_name"),
  move("webserver.enable_swagger_ui", "api.enable_swagger_ui"),
  move("webserver.hide_paused_dags_by_default", "api.hide_paused_dags_by_default"),
  move("webserver.default_wrap", "api.default_wrap"),
  move("webserver.auto_refresh_interval", "api.auto_refresh_interval"),
  move("webserver.log_fetch_timeout_sec", "api.log_fetch_timeout_sec"),
  move("webserver.grid_view_sorting_order", "api.grid_view_sorting_order"),
  move("webserver.require_confirmation_dag_change", "api.require_confirmation_dag_change"),
];

/** The only runtime line that reads `section.key`, or undefined when both do (or neither is known). */
export function settingRuntimeLine(section: string, key: string): RuntimeMajor | undefined {
  const dotted = `${section}.${key}`;
  if (MOVED_SETTINGS.some((entry) => entry.airflow2 === dotted)) return 2;
  if (MOVED_SETTINGS.some((entry) => entry.airflow3 === dotted)) return 3;
  return undefined;
}

/** What a runtime of line `major` reads instead of `section.key`, when it does not read it. */
export function replacementFor(
  major: RuntimeMajor,
  section: string,
  key: string,
): { readonly section: string; readonly key: string } | undefined {
  const dotted = `${section}.${key}`;
  const entry = MOVED_SETTINGS.find((moved) => (major === 3 ? moved.airflow2 : moved.airflow3) === dotted);
  if (!entry) return undefined;
  const [replacementSection = "", replacementKey = ""] = (
    major === 3 ? entry.airflow3 : entry.airflow2
  ).split(".");
  return { section: replacementSection, key: replacementKey };
}

/** "scheduler.dag_dir_list_interval is an Airflow 2 setting that Airflow 3.3.1 does not read; use
 * dag_processor.refresh_interval", or undefined when the runtime reads the key. */
export function runtimeLineProblem(
  runtime: { readonly version: string; readonly major: RuntimeMajor },
  section: string,
  key: string,
): string | undefined {
  const replacement = replacementFor(runtime.major, section, key);
  if (!replacement) return undefined;
  const other = runtime.major === 3 ? 2 : 3;
  return (
    `${section}.${key} is an Airflow ${other} setting that Airflow ${runtime.version} does not read; ` +
    `use ${replacement.section}.${replacement.key}`
  );
}

interface StoredOverride {
  section?: unknown;
  key?: unknown;
}

/**
 * A stored spec with every override the runtime does not read renamed to the key it does read
 * (dropped when the spec already sets that key: the key the runtime reads wins). Input that is
 * not a spec object, or names an unknown runtime, is returned unchanged for the parser to judge.
 */
export function settleOverridesForRuntime(spec: unknown): unknown {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return spec;
  const { runtimeVersion, airflowConfigOverrides } = spec as Record<string, unknown>;
  const line = typeof runtimeVersion === "string" ? findRuntime(runtimeVersion)?.major : undefined;
  if (line === undefined || !Array.isArray(airflowConfigOverrides)) return spec;
  const named = (override: StoredOverride) =>
    typeof override?.section === "string" && typeof override.key === "string"
      ? `${override.section}.${override.key}`
      : undefined;
  const present = new Set(airflowConfigOverrides.map((override: StoredOverride) => named(override)));
  const settled = airflowConfigOverrides.flatMap((override: StoredOverride) => {
    const dotted = named(override);
    if (!dotted) return [override];
    const [section = "", key = ""] = dotted.split(".");
    const replacement = replacementFor(line, section, key);
    if (!replacement) return [override];
    if (present.has(`${replacement.section}.${replacement.key}`)) return [];
    return [{ ...override, section: replacement.section, key: replacement.key }];
  });
  return { ...spec, airflowConfigOverrides: settled };
}
