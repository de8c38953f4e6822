// A real `helm` for tests, built from its Go module (helm.sh/helm/v3) into the cache, never into
// the repository: `go install helm.sh/helm/v3/cmd/helm@<version>`. The chart tests lint and
// template infra/helm/skyport with it; `renderChart` is what a server-side dry run consumes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { settings } from "../airflow/airflow.ts";
import { ensureGoBuilt, goInstall, toolLog } from "../cached-tools.ts";

export const HELM_VERSION = "v3.22.0";
/** The Kubernetes minor version helm.sh/helm/v3@HELM_VERSION's client libraries (k8s.io/* v0.37) are
 * from: helm's Makefile stamps it in, and `helm template`/`helm lint` assume that cluster version
 * (without it they assume 1.20, which the chart's kubeVersion refuses). */
export const HELM_KUBE_MINOR = "37";
export const HELM_INSTALL_HINT = "npm run helm:install";
export const CHART_DIR = path.resolve(import.meta.dirname, "../../infra/helm/skyport");

export function helmPath(cacheDir = settings().cacheDir): string {
  return path.join(cacheDir, `helm-${HELM_VERSION}`, "helm");
}

/** The cached helm binary, or undefined when it was never built. */
export function findHelm(): string | undefined {
  const binary = helmPath();
  return existsSync(binary) ? binary : undefined;
}

/**
 * The helm binary, building it when missing (about 7 minutes from nothing on 2 cores, most of
 * it downloading and compiling the Kubernetes client libraries). The build goes to a sibling
 * directory first, so an interrupted build never leaves a half-written binary in place.
 */
export function ensureHelm(log = toolLog("helm")): Promise<string> {
  const binary = helmPath();
  return ensureGoBuilt("helm", binary, log, async () => {
    const staging = `${path.dirname(binary)}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    log(`building helm.sh/helm/v3/cmd/helm@${HELM_VERSION} into ${path.dirname(binary)}`);
    await goInstall(
      [
        `-ldflags=${[
          `helm.sh/helm/v3/internal/version.version=${HELM_VERSION}`,
          "helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1",
          `helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${HELM_KUBE_MINOR}`,
          "helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1",
          `helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${HELM_KUBE_MINOR}`,
        ]
          .map((definition) => `-X ${definition}`)
          .join(" ")}`,
        `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`,
      ],
      staging,
    );
    rmSync(path.dirname(binary), { recursive: true, force: true });
    renameSync(staging, path.dirname(binary));
  });
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the cached helm with `args` (HOME-independent: helm's own caches go to a temp dir). */
export function runHelm(args: string[], binary = helmPath()): HelmResult {
  const scratch = path.join(settings().cacheDir, `helm-${HELM_VERSION}`, "home");
  const result = spawnSync(binary, args, {
    encoding: "utf8",
    env: {
      ...process.env,
      HELM_CACHE_HOME: path.join(scratch, "cache"),
      HELM_CONFIG_HOME: path.join(scratch, "config"),
      HELM_DATA_HOME: path.join(scratch, "data"),
    },
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** A rendered Kubernetes object (navigated by path; tests and the dry run check its shape). */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: object bodies differ per kind
  [field: string]: any;
}

export interface RenderOptions {
  /** Values files, applied in order (later ones win), as `helm template -f`. */
  valuesFiles?: string[];
  /** `--set` pairs, applied after the files. */
  set?: Record<string, string>;
  release?: string;
  namespace?: string;
  /** Whether hooks (the migration Job) are rendered; default true. */
  hooks?: boolean;
}

/**
 * `helm template` of the Skyport chart with `options`, parsed into objects (the input of a
 * server-side dry run: POST each with `?dryRun=All` to the namespace the release installs into).
 * Throws with helm's message when rendering fails.
 */
export function renderChart(options: RenderOptions = {}): RenderedObject[] {
  const args = [
    "template",
    options.release ?? "skyport",
    CHART_DIR,
    "--namespace",
    options.namespace ?? "skyport",
    ...(options.hooks === false ? ["--no-hooks"] : []),
    ...(options.valuesFiles ?? []).flatMap((file) => ["-f", file]),
    ...Object.entries(options.set ?? {}).flatMap(([key, value]) => ["--set", `${key}=${value}`]),
  ];
  const result = runHelm(args);
  if (result.status !== 0) throw new Error(`helm ${args.join(" ")} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map((e) => e.message).join("\n"));
      return document.toJS() as RenderedObject | null;
    })
    .filter((object): object is RenderedObject => object !== null);
}
