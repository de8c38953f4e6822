// A deployment's Git source in the runtime: Airflow 3's own GitDagBundle (the git provider, in the
// official image and in local runtimes' environments) clones and follows the repository; Skyport
// only writes its configuration. The bundle list keeps Airflow's default `dags-folder` bundle
// first, so DAG-only deploys (the bundle sync's folder) keep working beside the repository.
// Credentials come from the Airflow connection the source names, delivered like every other
// connection of the deployment's environment (AIRFLOW_CONN_<ID> from its Secret).
import { DAG_BUNDLE_SETTING, type GitSource } from "@skyport/deployment-spec";
import type { RenderContext } from "./context.ts";

export const GIT_BUNDLE_NAME = "git-source";
export const GIT_BUNDLE_CLASS = "airflow.providers.git.bundles.git.GitDagBundle";
const LOCAL_BUNDLE_CLASS = "airflow.dag_processing.bundles.local.LocalDagBundle";

/** The Git source the runtime follows (Airflow 3 only; the spec refuses it on Airflow 2). */
export function runtimeGitSource(ctx: RenderContext): GitSource | undefined {
  return ctx.runtime.major === 3 ? ctx.input.spec.gitSource : undefined;
}

/** `[dag_processor] dag_bundle_config_list` for a Git source, as Airflow reads it (JSON). */
export function gitBundleConfigList(source: GitSource): string {
  const kwargs: Record<string, string> = { repo_url: source.url, tracking_ref: source.ref };
  if (source.subPath) kwargs.subdir = source.subPath;
  if (source.connectionId) kwargs.git_conn_id = source.connectionId;
  return JSON.stringify([
    { name: "dags-folder", classpath: LOCAL_BUNDLE_CLASS, kwargs: {} },
    { name: GIT_BUNDLE_NAME, classpath: GIT_BUNDLE_CLASS, kwargs },
  ]);
}

/** The settings a Git source adds to the Airflow configuration (none without one). */
export function gitSourceSettings(
  ctx: RenderContext,
): { readonly section: string; readonly key: string; readonly value: string }[] {
  const source = runtimeGitSource(ctx);
  return source ? [{ ...DAG_BUNDLE_SETTING, value: gitBundleConfigList(source) }] : [];
}
