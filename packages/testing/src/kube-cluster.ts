// A real Kubernetes control plane for tests (the envtest idea, no container runtime): etcd,
// kube-apiserver with its default admission plugins (NamespaceLifecycle, LimitRange,
// ServiceAccount, PodSecurity, ResourceQuota, ...) and RBAC authorization, kube-scheduler,
// kube-controller-manager (namespace controller, garbage collector, Deployment, ReplicaSet, Job,
// ResourceQuota, ServiceAccount controllers) and kwok with one fake node, whose pods become
// Running and Ready. Every process listens on 127.0.0.1 and keeps its state in one temporary
// directory; stop() ends them and removes it.
//
// The binaries come from `npm run kube:install` (scripts/kube). Without them, KUBE_CONTROL_PLANE
// makes hasToolchain print a loud banner and the suites skip (CI installs them, and fails if not).
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import {
  hasKubeBinaries,
  type KubeBinary,
  kedaCrdPaths,
  kubeBinaryPath,
  kwokStagePaths,
} from "../../../scripts/kube/kube.ts";
import { freePort } from "../../../scripts/statsd-exporter/statsd-exporter.ts";
import type { Toolchain } from "./toolchain.ts";

export const KUBE_CONTROL_PLANE: Toolchain = {
  name: "the Kubernetes control plane (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kwok)",
  probe: () => hasKubeBinaries(),
  install: "npm run kube:install",
  tests: "provisioning suites against a real Kubernetes API server",
};

/** The fake node kwok keeps Ready; pods scheduled to it become Running and Ready. */
export const FAKE_NODE = "kwok-node-0";

export interface KubeClusterOptions {
  /** Start kube-controller-manager, kube-scheduler and kwok (default true). An API server alone
   * is enough for dry runs and access reviews. */
  readonly controllers?: boolean;
}

/** Installs KEDA's published CRDs (from the cache, see scripts/kube) and waits until the API
 * server serves them. */
export async function installKedaCrds(cluster: KubeCluster): Promise<void> {
  for (const file of kedaCrdPaths()) {
    const manifest = readFileSync(file, "utf8");
    // controller-gen writes metadata.name as the only two-space-indented `name:`.
    const name = /^ {2}name: (\S+)$/m.exec(manifest)?.[1];
    if (!name) throw new Error(`${file} names no CustomResourceDefinition`);
    const applied = await cluster.request(
      "PATCH",
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}?fieldManager=skyport-test&force=true`,
      manifest,
      { contentType: "application/apply-patch+yaml" },
    );
    if (applied.status >= 300) throw new Error(`installing ${name}: ${JSON.stringify(applied.body)}`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await cluster.request<{
        spec: { group: string; versions: { name: string }[]; names: { plural: string } };
        status?: { conditions?: { type: string; status: string }[] };
      }>("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      const established = body.status?.conditions?.some(
        (c) => c.type === "Established" && c.status === "True",
      );
      // Established is not yet servable: lists answer 429 "storage is (re)initializing" until the
      // resource's watch cache has started.
      const list = `/apis/${body.spec.group}/${body.spec.versions[0]?.name}/${body.spec.names.plural}?limit=1`;
      if (established && (await cluster.request("GET", list)).status === 200) break;
      if (Date.now() > deadline) throw new Error(`${name} was not established`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export interface KubeResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface KubeCluster {
  /** https://127.0.0.1:<port> */
  readonly url: string;
  /** Bearer token of a cluster administrator (group system:masters). */
  readonly adminToken: string;
  /** Bearer token of a user in no group but system:authenticated (for RBAC checks). */
  readonly userToken: string;
  /** The API server's serving certificate bundle (CA included). */
  readonly caPem: string;
  /** A kubeconfig (YAML) for the administrator, or for `token`. */
  kubeconfigYaml(token?: string): string;
  /** Writes kubeconfigYaml() to a file of the cluster's directory (for KUBECONFIG). */
  writeKubeconfig(token?: string): string;
  /** One API request as the administrator (or `token`); JSON in and out. */
  request<T = unknown>(
    method: string,
    apiPath: string,
    body?: unknown,
    options?: { token?: string; contentType?: string },
  ): Promise<KubeResponse<T>>;
  /** Bearer token of Skyport's provisioner (a cluster administrator too), whose every request the
   * API server's audit log records: see requestsBySkyport. */
  readonly skyportToken: string;
  /** Every request made with skyportToken so far, from the API server's audit log (written before
   * the response is sent), oldest first. */
  requestsBySkyport(): AuditedRequest[];
  stop(): Promise<void>;
}

export interface AuditedRequest {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, ... */
  readonly verb: string;
  readonly requestURI: string;
  readonly code: number;
  /** A dry run (?dryRun=All): nothing was written. */
  readonly dryRun: boolean;
}

/** Kubernetes verbs that write (a dry run does not). */
export const WRITE_VERBS = new Set(["create", "update", "patch", "delete", "deletecollection"]);

interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string;
}

function spawnLogged(dir: string, name: KubeBinary, args: string[]): Started {
  const log = path.join(dir, `${name}.log`);
  const child = spawn(kubeBinaryPath(name), args, { stdio: ["ignore", "pipe", "pipe"] });
  const chunks: Buffer[] = [];
  const keep = (chunk: Buffer) => {
    chunks.push(chunk);
    if (chunks.length > 400) chunks.splice(0, 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", () => {
    try {
      writeFileSync(log, Buffer.concat(chunks));
    } catch {
      // the directory is gone at teardown
    }
  });
  Object.defineProperty(child, "recentOutput", { value: () => Buffer.concat(chunks).toString() });
  return { name, child, log };
}

function recentOutput(started: Started): string {
  const read = (started.child as unknown as { recentOutput?: () => string }).recentOutput;
  return (read?.() ?? "").slice(-4_000);
}

async function until(what: string, probe: () => Promise<boolean>, processes: Started[], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`${dead.name} exited while waiting for ${what}:\n${recentOutput(dead)}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function kubeconfig(url: string, caPem: string, token: string): string {
  // JSON is YAML: no YAML library needed here.
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "test",
        cluster: { server: url, "certificate-authority-data": Buffer.from(caPem).toString("base64") },
      },
    ],
    users: [{ name: "test", user: { token } }],
    contexts: [{ name: "test", context: { cluster: "test", user: "test" } }],
    "current-context": "test",
  });
}

export async function startKubeCluster(options: KubeClusterOptions = {}): Promise<KubeCluster> {
  const controllers = options.controllers ?? true;
  const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-kube-"));
  const processes: Started[] = [];
  const stop = async () => {
    for (const started of [...processes].reverse()) {
      if (started.child.exitCode === null && started.child.signalCode === null) {
        const exited = new Promise((resolve) => started.child.once("exit", resolve));
        started.child.kill("SIGTERM");
        const timer = setTimeout(() => started.child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const adminToken = randomBytes(24).toString("hex");
    const userToken = randomBytes(24).toString("hex");
    const skyportToken = randomBytes(24).toString("hex");
    writeFileSync(
      path.join(dir, "tokens.csv"),
      [
        `${adminToken},skyport-test-admin,uid-admin,"system:masters"`,
        `${skyportToken},skyport-provisioner,uid-skyport,"system:masters"`,
        `${userToken},skyport-test-user,uid-user`,
        "",
      ].join("\n"),
    );
    const auditLog = path.join(dir, "audit.log");
    const audited = { offset: 0, events: [] as AuditedRequest[] };
    writeFileSync(
      path.join(dir, "audit-policy.json"),
      JSON.stringify({
        apiVersion: "audit.k8s.io/v1",
        kind: "Policy",
        omitStages: ["RequestReceived"],
        rules: [{ level: "Metadata", users: ["skyport-provisioner"] }, { level: "None" }],
      }),
    );
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(path.join(dir, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(path.join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
    mkdirSync(path.join(dir, "certs"));

    const etcd = spawnLogged(dir, "etcd", [
      `--data-dir=${path.join(dir, "etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`,
      "--unsafe-no-fsync",
      "--log-level=warn",
    ]);
    processes.push(etcd);
    await until("etcd", async () => (await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok, processes);

    const apiserver = spawnLogged(dir, "kube-apiserver", [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      // A loopback address cannot back the `kubernetes` Service endpoints: no reconciler.
      "--endpoint-reconciler-type=none",
      // As on real clusters (system pods need it): so Pod Security admission, not validation,
      // is what refuses a privileged pod in a runtime namespace.
      "--allow-privileged=true",
      `--secure-port=${apiPort}`,
      `--cert-dir=${path.join(dir, "certs")}`,
      `--token-auth-file=${path.join(dir, "tokens.csv")}`,
      "--authorization-mode=RBAC",
      `--service-account-key-file=${path.join(dir, "sa.pub")}`,
      `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
      "--service-account-issuer=https://kubernetes.default.svc",
      "--service-cluster-ip-range=10.96.0.0/16",
      `--audit-policy-file=${path.join(dir, "audit-policy.json")}`,
      `--audit-log-path=${auditLog}`,
      "--audit-log-mode=blocking",
      "--v=0",
    ]);
    processes.push(apiserver);
    const url = `https://127.0.0.1:${apiPort}`;
    const certFile = path.join(dir, "certs", "apiserver.crt");
    let caPem = "";
    const request = async <T>(
      method: string,
      apiPath: string,
      body?: unknown,
      requestOptions: { token?: string; contentType?: string } = {},
    ): Promise<KubeResponse<T>> => {
      if (!caPem) caPem = readFileSync(certFile, "utf8");
      const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
      return await new Promise((resolve, reject) => {
        const req = https.request(
          `${url}${apiPath}`,
          {
            method,
            ca: caPem,
            headers: {
              authorization: `Bearer ${requestOptions.token ?? adminToken}`,
              accept: "application/json",
              ...(payload === undefined
                ? {}
                : { "content-type": requestOptions.contentType ?? "application/json" }),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              const text = Buffer.concat(chunks).toString();
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                // text (metrics, healthz)
              }
              resolve({ status: response.statusCode ?? 0, body: parsed as T });
            });
          },
        );
        req.on("error", reject);
        if (payload !== undefined) req.write(payload);
        req.end();
      });
    };
    await until(
      "kube-apiserver to be ready",
      async () => (await request("GET", "/readyz")).status === 200,
      processes,
      120_000,
    );
    const kubeconfigFor = (token = adminToken) => kubeconfig(url, caPem, token);
    const writeKubeconfig = (token = adminToken) => {
      const file = path.join(dir, `kubeconfig-${token.slice(0, 8)}.yaml`);
      writeFileSync(file, kubeconfigFor(token));
      return file;
    };
    const adminKubeconfig = writeKubeconfig();

    if (controllers) {
      processes.push(
        spawnLogged(dir, "kube-controller-manager", [
          `--kubeconfig=${adminKubeconfig}`,
          "--bind-address=127.0.0.1",
          `--secure-port=${await freePort()}`,
          "--leader-elect=false",
          "--controllers=namespace-controller,garbage-collector-controller,node-lifecycle-controller,deployment-controller,replicaset-controller,job-controller,resourcequota-controller,serviceaccount-controller,serviceaccount-token-controller,disruption-controller",
          `--service-account-private-key-file=${path.join(dir, "sa.key")}`,
          `--root-ca-file=${certFile}`,
          // The controllers act quickly in tests (defaults are tuned for large clusters).
          "--concurrent-namespace-syncs=4",
          "--namespace-sync-period=10s",
          "--v=0",
        ]),
        spawnLogged(dir, "kube-scheduler", [
          `--kubeconfig=${adminKubeconfig}`,
          `--authentication-kubeconfig=${adminKubeconfig}`,
          `--authorization-kubeconfig=${adminKubeconfig}`,
          "--bind-address=127.0.0.1",
          `--secure-port=${await freePort()}`,
          "--leader-elect=false",
          "--v=0",
        ]),
        spawnLogged(dir, "kwok", [
          `--kubeconfig=${adminKubeconfig}`,
          `--manage-single-node=${FAKE_NODE}`,
          ...kwokStagePaths().map((file) => `--config=${file}`),
          "--cidr=10.0.0.1/16",
          "--node-ip=10.0.0.1",
          "--node-port=0",
        ]),
      );
      const node = await request("POST", "/api/v1/nodes", {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name: FAKE_NODE,
          annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
          labels: { "kubernetes.io/hostname": FAKE_NODE, "kubernetes.io/os": "linux", type: "kwok" },
        },
        status: {
          allocatable: { cpu: "1000", memory: "4Ti", pods: "10000" },
          capacity: { cpu: "1000", memory: "4Ti", pods: "10000" },
        },
      });
      if (node.status !== 201) throw new Error(`creating the fake node: ${JSON.stringify(node.body)}`);
      await until(
        "the fake node to be Ready",
        async () => {
          const { body } = await request<{ status?: { conditions?: { type: string; status: string }[] } }>(
            "GET",
            `/api/v1/nodes/${FAKE_NODE}`,
          );
          return body.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
        },
        processes,
      );
    }

    return {
      url,
      adminToken,
      userToken,
      get caPem() {
        return caPem;
      },
      kubeconfigYaml: kubeconfigFor,
      writeKubeconfig,
      request,
      skyportToken,
      requestsBySkyport() {
        // Parse only what the log gained since the last call: a bench's log grows to 100 MB.
        let text = "";
        try {
          const buffer = readFileSync(auditLog);
          const end = buffer.lastIndexOf(0x0a) + 1;
          if (end > audited.offset) text = buffer.subarray(audited.offset, end).toString();
          audited.offset = Math.max(audited.offset, end);
        } catch {
          return [...audited.events];
        }
        for (const line of text.split("\n")) {
          if (line.trim().length === 0) continue;
          const event = JSON.parse(line) as {
            verb: string;
            requestURI: string;
            responseStatus?: { code?: number };
          };
          audited.events.push({
            verb: event.verb,
            requestURI: event.requestURI,
            code: event.responseStatus?.code ?? 0,
            dryRun: /[?&]dryRun=All/.test(event.requestURI),
          });
        }
        return audited.events;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
