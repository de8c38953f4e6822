// A real Kubernetes control plane for tests (the envtest idea), built from the Go module proxy
// into the cache, never into the repository:
//   kube-apiserver, kube-controller-manager, kube-scheduler  from k8s.io/kubernetes at KUBERNETES_VERSION, built
//     in a throwaway module that requires it and pins every k8s.io/* staging module to the
//     matching v0.Y.Z (k8s.io/kubernetes's own go.mod replaces them with ./staging paths, which a
//     plain `go install` cannot follow);
//   etcd  go.etcd.io/etcd/server/v3 at the version that release's go.mod pins (Debian's
//     etcd-server is 3.4; this release's client is 3.7, see docs/provisioning-real-cluster.md);
//   kwok  sigs.k8s.io/kwok/cmd/kwok: fake nodes whose pods become Running and Ready, with the
//     stage manifests its module publishes (kustomize/stage);
//   KEDA's published CRDs (config/crd/bases of github.com/kedacore/keda/v2 at KEDA_VERSION, from
//     the module proxy's zip of that release) for the ScaledObjects Skyport renders.
// Everything lands in <cache>/kube-<versions>/ (keyed by every version); a directory that holds
// every file is reused as it is.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { settings } from "../airflow/airflow.ts";
import { requireGo, run, toolLog } from "../cached-tools.ts";

export const KUBERNETES_VERSION = "1.37.2";
/** What k8s.io/kubernetes v1.37.2's go.mod requires of go.etcd.io/etcd. */
export const ETCD_VERSION = "3.7.0";
export const KWOK_VERSION = "0.8.0";
export const KEDA_VERSION = "2.21.1";
/** KEDA's CRDs the tests install (ScaledJob's 650 kB schema is left out: Skyport renders none). */
export const KEDA_CRDS = [
  "keda.sh_scaledobjects.yaml",
  "keda.sh_triggerauthentications.yaml",
  "keda.sh_clustertriggerauthentications.yaml",
] as const;
export const KUBE_BINARIES = [
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "etcd",
  "kwok",
] as const;
export type KubeBinary = (typeof KUBE_BINARIES)[number];

/** The staging modules k8s.io/kubernetes replaces with ./staging/src/k8s.io/<name>. */
const STAGING = [
  "api",
  "apiextensions-apiserver",
  "apimachinery",
  "apiserver",
  "cli-runtime",
  "client-go",
  "cloud-provider",
  "cluster-bootstrap",
  "code-generator",
  "component-base",
  "component-helpers",
  "controller-manager",
  "cri-api",
  "cri-client",
  "cri-streaming",
  "csi-translation-lib",
  "dynamic-resource-allocation",
  "endpointslice",
  "externaljwt",
  "kms",
  "kube-aggregator",
  "kube-controller-manager",
  "kube-proxy",
  "kube-scheduler",
  "kubectl",
  "kubelet",
  "metrics",
  "mount-utils",
  "pod-security-admission",
  "sample-apiserver",
  "sample-cli-plugin",
  "sample-controller",
  "streaming",
];

export function kubeDir(cacheDir = settings().cacheDir): string {
  return path.join(
    cacheDir,
    `kube-v${KUBERNETES_VERSION}-etcd${ETCD_VERSION}-kwok${KWOK_VERSION}-keda${KEDA_VERSION}`,
  );
}

export function kubeBinaryPath(name: KubeBinary, cacheDir = settings().cacheDir): string {
  return path.join(kubeDir(cacheDir), name);
}

/** KEDA's CRD manifests (YAML files) in the cache. */
export function kedaCrdPaths(cacheDir = settings().cacheDir): string[] {
  return KEDA_CRDS.map((file) => path.join(kubeDir(cacheDir), "keda-crds", file));
}

/** kwok's published stages (its module's kustomize/stage/...): without them kwok refuses to
 * start. The fast node and pod stages: nodes Ready with heartbeats, pods Running and Ready at
 * once, Job pods Succeeded, deleted pods gone. */
export const KWOK_STAGES = [
  "node/fast/node-initialize.yaml",
  "node/heartbeat/node-heartbeat.yaml",
  "pod/fast/pod-ready.yaml",
  "pod/fast/pod-complete.yaml",
  "pod/fast/pod-delete.yaml",
] as const;

export function kwokStagePaths(cacheDir = settings().cacheDir): string[] {
  return KWOK_STAGES.map((file) => path.join(kubeDir(cacheDir), "kwok-stages", file.replaceAll("/", "-")));
}

export function hasKubeBinaries(cacheDir = settings().cacheDir): boolean {
  return [
    ...KUBE_BINARIES.map((name) => kubeBinaryPath(name, cacheDir)),
    ...kedaCrdPaths(cacheDir),
    ...kwokStagePaths(cacheDir),
  ].every((file) => existsSync(file));
}

/** Copies kwok's stage manifests out of its module (downloaded by the kwok build). */
function installKwokStages(work: string, dest: string, env: NodeJS.ProcessEnv) {
  const dir = goModDownload(`sigs.k8s.io/kwok@v${KWOK_VERSION}`, "Dir", work, env);
  mkdirSync(dest, { recursive: true });
  for (const file of KWOK_STAGES) {
    copyFileSync(path.join(dir, "kustomize", "stage", file), path.join(dest, file.replaceAll("/", "-")));
  }
}

/** Where `go mod download` put a module: its extracted directory or its zip, which must exist. */
function goModDownload(module: string, field: "Dir" | "Zip", work: string, env: NodeJS.ProcessEnv): string {
  const download = spawnSync("go", ["mod", "download", "-json", module], {
    cwd: work,
    env,
    encoding: "utf8",
  });
  const found = (JSON.parse(download.stdout || "{}") as Partial<Record<typeof field, string>>)[field];
  if (!found || !existsSync(found)) {
    throw new Error(`go mod download ${module} gave no ${field}: ${download.stdout}${download.stderr}`);
  }
  return found;
}

/** The throwaway module's go.mod. */
export function buildModule(): string {
  const minor = KUBERNETES_VERSION.split(".").slice(1).join(".");
  const replaces = STAGING.map((name) => `\tk8s.io/${name} => k8s.io/${name} v0.${minor}`).join("\n");
  return `module skyport.local/kube-build\n\ngo 1.26.0\n\nrequire k8s.io/kubernetes v${KUBERNETES_VERSION}\n\nreplace (\n${replaces}\n)\n`;
}

/** Copies KEDA's CRDs out of the module proxy's zip of the release. `go mod download` fetches the
 * zip but refuses to extract it when the release wants a newer Go; the zip is all we need. */
function installKedaCrds(work: string, dest: string, env: NodeJS.ProcessEnv) {
  const module = `github.com/kedacore/keda/v2@v${KEDA_VERSION}`;
  const zip = goModDownload(module, "Zip", work, env);
  mkdirSync(dest, { recursive: true });
  const script = [
    "import sys, zipfile",
    "zip, dest, prefix = sys.argv[1:4]",
    "with zipfile.ZipFile(zip) as archive:",
    "    for name in sys.argv[4:]:",
    "        open(dest + '/' + name, 'wb').write(archive.read(prefix + name))",
  ].join("\n");
  const prefix = `${module}/config/crd/bases/`;
  const extract = spawnSync("python3", ["-c", script, zip, dest, prefix, ...KEDA_CRDS], { encoding: "utf8" });
  if (extract.status !== 0) throw new Error(`extracting KEDA's CRDs from ${zip}: ${extract.stderr}`);
}

/** Every binary's directory, building what is missing (about 60 minutes from nothing on 2 busy cores). */
export async function ensureKubeBinaries(log = toolLog("kube")): Promise<string> {
  const dir = kubeDir();
  if (hasKubeBinaries()) return dir;
  requireGo("the Kubernetes binaries");
  const work = path.join(os.tmpdir(), `skyport-kube-build-${process.pid}`);
  const staging = `${dir}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(path.join(work, "go.mod"), buildModule());
  const env = { ...process.env, GOFLAGS: "-mod=mod -trimpath" };
  const version = `v${KUBERNETES_VERSION}`;
  const [major, minor] = KUBERNETES_VERSION.split(".");
  // Without these the binaries report v0.0.0-master (and clients see that in /version).
  const stamp = [
    `-X k8s.io/component-base/version.gitVersion=${version}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    "-X k8s.io/component-base/version.gitTreeState=clean",
  ].join(" ");
  const started = Date.now();
  log(
    `building kube-apiserver, kube-controller-manager, kube-scheduler ${version} and etcd v${ETCD_VERSION} into ${dir}`,
  );
  await run("go", ["get", `k8s.io/kubernetes@${version}`, `go.etcd.io/etcd/server/v3@v${ETCD_VERSION}`], {
    cwd: work,
    env,
  });
  await run(
    "go",
    [
      "build",
      `-ldflags=-s -w ${stamp}`,
      "-o",
      `${staging}/`,
      "k8s.io/kubernetes/cmd/kube-apiserver",
      "k8s.io/kubernetes/cmd/kube-controller-manager",
      "k8s.io/kubernetes/cmd/kube-scheduler",
      "go.etcd.io/etcd/server/v3",
    ],
    { cwd: work, env },
  );
  // `go build` names the etcd main package after its module path's last element before /v3.
  if (existsSync(path.join(staging, "server")))
    renameSync(path.join(staging, "server"), path.join(staging, "etcd"));
  log(`kwok v${KWOK_VERSION}`);
  await run("go", ["install", "-ldflags=-s -w", `sigs.k8s.io/kwok/cmd/kwok@v${KWOK_VERSION}`], {
    cwd: work,
    env: { ...env, GOBIN: staging },
  });
  installKwokStages(work, path.join(staging, "kwok-stages"), env);
  log(`KEDA v${KEDA_VERSION} CRDs`);
  installKedaCrds(work, path.join(staging, "keda-crds"), env);
  rmSync(work, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}
