// The `local` provisioning target: each deployment's Airflow as real processes on this machine,
// from a cached virtual environment per runtime version, supervised by the Skyport worker.
//
// Per deployment, under <stateDir>/runtimes/<namespace>/:
//   secrets.json     the runtime's secret material (0600; what the namespace's Secrets hold on Kubernetes)
//   admin-password   the generated password of the Airflow UI's `admin` user (0600)
//   state.json       the UI port and the runtime version whose schema is migrated
//   airflow-home/    AIRFLOW_HOME: task logs, SimpleAuthManager's users file
//   dags/            the DAG bundle sync's root (`current` is the DAG folder)
//   logs/<component>.log, supervisor.json, pids/   (the supervisor's)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { BUNDLE_SYNC_SCRIPT_NAME, bundleSyncScript } from "@skyport/dag-bundle/sync-script";
import { type RuntimeVersion, runtimeFor, type WorkerQueue } from "@skyport/deployment-spec";
import {
  type AirflowMajor,
  type MetricSample,
  type StatsdReceiver,
  startStatsdReceiver,
} from "@skyport/metrics";
import {
  bundleSyncComponentNames,
  type ExistingRuntimeSecrets,
  type RenderInput,
  type RuntimeSecrets,
  RuntimeTargetError,
} from "@skyport/provisioning";
import { clampWorkers, desiredWorkers } from "./autoscaler.ts";
import { localAirflowEnvironment } from "./environment.ts";
import {
  type AirflowInstall,
  AirflowInstallError,
  ensureAirflowEnvironment,
  runtimeRequirements,
} from "./install.ts";
import {
  findPython,
  PYTHON_INSTALL_HINT,
  type PythonInfo,
  pythonSupports,
  supportedPythonRange,
} from "./python.ts";
import {
  type ComponentDefinition,
  type ComponentStatus,
  Supervisor,
  SupervisorClosedError,
} from "./supervisor.ts";

export interface LocalRuntimesOptions {
  /** Skyport's state directory: environments in `airflow/`, runtimes in `runtimes/`. */
  readonly stateDir: string;
  /** The interpreter environments are built from (path or command). */
  readonly python: string;
  /** Skyport's Redis: the Celery broker of every local runtime, each under its own key prefix. */
  readonly brokerUrl: string;
  /** Pinned resolutions (`constraints-<version>-py<minor>.txt`) when there are any. */
  readonly constraintsDir?: string;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
  /** How long a stopping component gets before SIGKILL. Default 30 s. */
  readonly graceMs?: number;
  /** Liveness poll of the supervisor. Default 2 s. */
  readonly pollMs?: number;
  /** How often the autoscaler looks at each runtime's queues. Default 10 s. */
  readonly autoscaleMs?: number;
}

export interface LocalConvergeOptions {
  readonly timeoutMs: number;
  /** Wait up to timeoutMs for health even when no process changed (a progress run). A quiet
   * check that changes nothing looks once. */
  readonly waitForHealth: boolean;
  readonly onProgress: (reason: string) => Promise<void>;
}

interface RuntimeState {
  uiPort?: number;
  /** The UDP port of the worker's StatsD receiver for this runtime (kept, so a restarted worker
   * listens where the running processes send). */
  statsdPort?: number;
  deploymentId?: string;
  airflowMajor?: AirflowMajor;
  migrated?: string;
  /** Celery workers per queue, as the autoscaler last set them. */
  workers?: Record<string, number>;
}

/** What the autoscaler needs between converges (0600: holds the database URL and environment). */
interface Scaling {
  readonly metadataDbUrl: string;
  readonly namespace: string;
  readonly queues: readonly WorkerQueue[];
  readonly worker: { command: string; cwd: string; env: Record<string, string>; logs: string };
}

const WORKER_PREFIX = "worker-";

/** The Celery worker processes of one queue: worker-<queue>-1 … worker-<queue>-<count>. */
function workerComponents(scaling: Scaling, queue: WorkerQueue, count: number): ComponentDefinition[] {
  const { worker, namespace } = scaling;
  return Array.from({ length: count }, (_, index) => {
    const name = `${WORKER_PREFIX}${queue.name}-${index + 1}`;
    return {
      name,
      command: worker.command,
      args: [
        "celery",
        "worker",
        "--queues",
        queue.name,
        "--concurrency",
        String(queue.workerConcurrency),
        "--celery-hostname",
        `${queue.name}-${index + 1}@${namespace}`,
        "--skip-serve-logs",
      ],
      cwd: worker.cwd,
      env: worker.env,
      logFile: path.join(worker.logs, `${name}.log`),
    };
  });
}

interface StoredSecrets extends RuntimeSecrets {
  readonly adminPassword: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FERNET_KEY = /^[A-Za-z0-9_-]{43}=$/;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function writePrivate(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  renameSync(temporary, file);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Runs a one-off Airflow command to completion, its output appended to `logFile`. */
function runOnce(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  logFile: string,
  timeoutMs: number,
) {
  return new Promise<{ code: number | null; tail: string }>((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let tail = "";
    const collect = (chunk: Buffer) => {
      writeFileSync(logFile, chunk, { flag: "a", mode: 0o600 });
      tail = (tail + chunk.toString()).slice(-2000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, timeoutMs);
    child.on("error", () => resolve({ code: -1, tail }));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, tail });
    });
  });
}

interface Health {
  readonly healthy: boolean;
  readonly detail: string;
}

async function uiHealth(port: number, runtime: RuntimeVersion): Promise<Health> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${runtime.healthPath}`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return { healthy: false, detail: `${runtime.uiComponent} answered ${response.status}` };
    const body = (await response.json()) as Record<string, { status?: string | null } | undefined>;
    const problems = ["metadatabase", "scheduler"]
      .filter((part) => body[part]?.status !== "healthy")
      .map((part) => `${part} ${body[part]?.status ?? "unknown"}`);
    return problems.length === 0
      ? { healthy: true, detail: "" }
      : { healthy: false, detail: `health check: ${problems.join(", ")}` };
  } catch {
    return { healthy: false, detail: `${runtime.uiComponent} not answering yet` };
  }
}

export class LocalRuntimes {
  private readonly supervisor: Supervisor;
  private readonly runtimesDir: string;
  private readonly venvsDir: string;
  private readonly log: NonNullable<LocalRuntimesOptions["log"]>;
  /** Runtimes a converge or delete is working on: the autoscaler leaves them alone. */
  private readonly changing = new Set<string>();
  private autoscaler: NodeJS.Timeout | undefined;
  private scaling = false;
  /** The StatsD receiver of each runtime (by directory). */
  private readonly receivers = new Map<string, Promise<StatsdReceiver>>();
  /**
   * Where the runtimes' StatsD metrics go, already mapped to registry samples exactly as
   * statsd-exporter's mapping does on Kubernetes (the worker stores them). Unset: dropped.
   */
  metricsSink: ((deploymentId: string, samples: MetricSample[]) => void) | null = null;

  constructor(private readonly options: LocalRuntimesOptions) {
    this.runtimesDir = path.join(options.stateDir, "runtimes");
    this.venvsDir = path.join(options.stateDir, "airflow");
    this.log = options.log ?? (() => {});
    this.supervisor = new Supervisor({
      log: this.log,
      ...(options.graceMs ? { graceMs: options.graceMs } : {}),
      ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    });
  }

  /** Adopts the runtimes a previous worker left running and restarts the rest. */
  start(): string[] {
    const resumed = this.supervisor.resume(this.runtimesDir);
    for (const dir of resumed) {
      const state = readJson<RuntimeState>(path.join(dir, "state.json"));
      if (!state?.deploymentId || !state.airflowMajor || !state.statsdPort) continue;
      const wanted = state.statsdPort;
      void this.metricsReceiver(dir, state.deploymentId, state.airflowMajor, wanted).then(
        (port) => {
          if (port !== wanted)
            this.log("statsd receiver: the runtime's port was taken; its next reconcile moves it", {
              runtime: path.basename(dir),
              port,
            });
        },
        () => {},
      );
    }
    this.supervisor.start();
    this.autoscaler ??= setInterval(() => void this.autoscaleAll(), this.options.autoscaleMs ?? 10_000);
    this.autoscaler.unref();
    return resumed.map((dir) => path.basename(dir));
  }

  /** Stops every runtime's processes; what is wanted stays on disk for the next start. */
  stopAll(): Promise<void> {
    if (this.autoscaler) clearInterval(this.autoscaler);
    this.autoscaler = undefined;
    const receivers = [...this.receivers.keys()].map((dir) => this.closeReceiver(dir));
    return Promise.all([this.supervisor.shutdown(), ...receivers]).then(() => {});
  }

  /**
   * The UDP port of the runtime's StatsD receiver, started on `preferredPort` when it is free
   * (else on a free one). Datagrams become registry samples of `deploymentId` for metricsSink.
   */
  async metricsReceiver(
    dir: string,
    deploymentId: string,
    airflowMajor: AirflowMajor,
    preferredPort?: number,
  ): Promise<number> {
    let receiver = this.receivers.get(dir);
    if (!receiver) {
      const options = {
        airflowMajor,
        host: "127.0.0.1",
        onSamples: (samples: MetricSample[]) => this.metricsSink?.(deploymentId, samples),
      };
      receiver = (
        preferredPort
          ? startStatsdReceiver({ ...options, port: preferredPort }).catch(() => startStatsdReceiver(options))
          : startStatsdReceiver(options)
      ).catch((error: unknown) => {
        this.receivers.delete(dir);
        throw error;
      });
      this.receivers.set(dir, receiver);
    }
    return (await receiver).port;
  }

  private async closeReceiver(dir: string): Promise<void> {
    const receiver = this.receivers.get(dir);
    this.receivers.delete(dir);
    if (receiver) await (await receiver.catch(() => null))?.close();
  }

  /** One autoscaler pass over every runtime (also run by tests). */
  async autoscaleAll(): Promise<void> {
    if (this.scaling) return;
    this.scaling = true;
    try {
      let namespaces: string[];
      try {
        namespaces = readdirSync(this.runtimesDir);
      } catch {
        return;
      }
      for (const namespace of namespaces) {
        await this.autoscale(namespace).catch((error: unknown) =>
          this.log("autoscaler: could not read the queues", {
            namespace,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
      }
    } finally {
      this.scaling = false;
    }
  }

  private async autoscale(namespace: string): Promise<void> {
    const dir = this.dirFor(namespace);
    const scaling = readJson<Scaling>(path.join(dir, "scaling.json"));
    if (!scaling || this.changing.has(dir)) return;
    const wanted = await desiredWorkers(scaling.metadataDbUrl, scaling.queues);
    if (this.changing.has(dir)) return;
    const statePath = path.join(dir, "state.json");
    const state = readJson<RuntimeState>(statePath) ?? {};
    const current = state.workers ?? {};
    const changed = scaling.queues.filter((queue) => (current[queue.name] ?? -1) !== wanted.get(queue.name));
    if (changed.length === 0) return;
    const workers = Object.fromEntries(
      scaling.queues.map((queue) => [queue.name, wanted.get(queue.name) ?? 0]),
    );
    const components = this.supervisor
      .wanted(dir)
      .filter((component) => !component.name.startsWith(WORKER_PREFIX))
      .concat(scaling.queues.flatMap((queue) => workerComponents(scaling, queue, workers[queue.name] ?? 0)));
    this.changing.add(dir);
    try {
      await this.supervisor.run(dir, components);
      writePrivate(statePath, JSON.stringify({ ...state, workers }));
    } finally {
      this.changing.delete(dir);
    }
    for (const queue of changed) {
      this.log("autoscaler: scaled a worker queue", {
        namespace,
        queue: queue.name,
        from: current[queue.name] ?? null,
        to: workers[queue.name],
      });
    }
  }

  dirFor(namespace: string): string {
    return path.join(this.runtimesDir, namespace);
  }

  status(namespace: string): ComponentStatus[] {
    return this.supervisor.status(this.dirFor(namespace));
  }

  async readSecrets(namespace: string): Promise<ExistingRuntimeSecrets> {
    const stored = readJson<Partial<StoredSecrets>>(path.join(this.dirFor(namespace), "secrets.json"));
    if (!stored) return {};
    const strong = (value: string | undefined) => (value && value.length >= 16 ? value : undefined);
    let databasePassword: string | undefined;
    try {
      databasePassword = stored.metadataDbUrl
        ? strong(decodeURIComponent(new URL(stored.metadataDbUrl).password))
        : undefined;
    } catch {
      databasePassword = undefined;
    }
    const existing = {
      fernetKey: stored.fernetKey && FERNET_KEY.test(stored.fernetKey) ? stored.fernetKey : undefined,
      webserverSecretKey: strong(stored.webserverSecretKey),
      jwtSecret: strong(stored.jwtSecret),
      brokerPassword: strong(stored.brokerPassword),
      databasePassword,
    };
    return Object.fromEntries(
      Object.entries(existing).filter(([, value]) => value !== undefined),
    ) as ExistingRuntimeSecrets;
  }

  private python(runtime: RuntimeVersion): PythonInfo {
    const python = findPython(this.options.python);
    if (!python) {
      throw new RuntimeTargetError(
        `Python 3 not found (${this.options.python}): local runtimes need ${supportedPythonRange(runtime.major)}. Fix: ${PYTHON_INSTALL_HINT}, or set SKYPORT_PYTHON`,
        false,
      );
    }
    if (!pythonSupports(python, runtime.major)) {
      throw new RuntimeTargetError(
        `Apache Airflow ${runtime.version} runs on ${supportedPythonRange(runtime.major)}, and ${python.path} is Python ${python.version}. Fix: point SKYPORT_PYTHON at a supported interpreter`,
        false,
      );
    }
    return python;
  }

  private async install(
    runtime: RuntimeVersion,
    python: PythonInfo,
    onProgress: (reason: string) => Promise<void>,
  ): Promise<AirflowInstall> {
    const constraints = this.options.constraintsDir
      ? path.join(this.options.constraintsDir, `constraints-${runtime.version}-py${python.minor}.txt`)
      : undefined;
    const pinned = constraints !== undefined && existsSync(constraints);
    try {
      return await ensureAirflowEnvironment(
        {
          airflow: runtime.version,
          requirements: runtimeRequirements(runtime.version),
          ...(pinned ? { constraints } : {}),
        },
        {
          root: this.venvsDir,
          python: python.path,
          log: (line) => this.log("airflow install", { version: runtime.version, line }),
          onPhase: (phase) =>
            onProgress(`Installing Apache Airflow ${runtime.version} — ${phase}`).catch(() => {}),
        },
      );
    } catch (error) {
      if (error instanceof AirflowInstallError) {
        throw new RuntimeTargetError(
          `Installing Apache Airflow ${runtime.version} failed: ${error.message}`,
          false,
        );
      }
      throw error;
    }
  }

  async converge(
    input: RenderInput,
    options: LocalConvergeOptions,
  ): Promise<{ ready: boolean; reason: string }> {
    const dir = this.dirFor(`skyport-${input.shortId}`);
    this.changing.add(dir);
    try {
      return await this.convergeNow(input, options);
    } finally {
      this.changing.delete(dir);
    }
  }

  private async convergeNow(
    input: RenderInput,
    options: LocalConvergeOptions,
  ): Promise<{ ready: boolean; reason: string }> {
    const { spec } = input;
    const runtime = runtimeFor(spec.runtimeVersion);
    if (spec.executor !== "CELERY") {
      throw new RuntimeTargetError(
        "The KUBERNETES executor starts a pod per task and needs a Kubernetes cluster; local runtimes run the CELERY executor. Fix: switch the deployment's executor to CELERY, or configure a cluster (KUBECONFIG)",
        false,
      );
    }
    if (input.secrets === "redacted") throw new Error("a local runtime needs the real secret values");
    const python = this.python(runtime);
    const airflow = await this.install(runtime, python, options.onProgress);

    const namespace = `skyport-${input.shortId}`;
    const dir = this.dirFor(namespace);
    const home = path.join(dir, "airflow-home");
    const logs = path.join(dir, "logs");
    const dags = path.join(dir, "dags");
    for (const folder of [home, logs, dags]) mkdirSync(folder, { recursive: true, mode: 0o700 });

    const previous = readJson<Partial<StoredSecrets>>(path.join(dir, "secrets.json"));
    const adminPassword =
      previous?.adminPassword && previous.adminPassword.length >= 16
        ? previous.adminPassword
        : randomBytes(18).toString("base64url");
    writePrivate(path.join(dir, "secrets.json"), JSON.stringify({ ...input.secrets, adminPassword }));
    writePrivate(path.join(dir, "admin-password"), `${adminPassword}\n`);
    const passwordsFile = path.join(home, "simple_auth_manager_passwords.json");
    writePrivate(passwordsFile, `${JSON.stringify({ admin: adminPassword })}\n`);

    const statePath = path.join(dir, "state.json");
    const state = readJson<RuntimeState>(statePath) ?? {};
    const running = this.supervisor.status(dir).some((component) => component.running);
    if (!state.uiPort || (!running && !(await portIsFree(state.uiPort)))) state.uiPort = await freePort();
    state.deploymentId = input.deploymentId;
    state.airflowMajor = runtime.major;
    state.statsdPort = await this.metricsReceiver(dir, input.deploymentId, runtime.major, state.statsdPort);
    writePrivate(statePath, JSON.stringify(state));

    const { env } = localAirflowEnvironment(input, {
      home,
      dagsFolder: path.join(dags, "current"),
      venvBin: path.dirname(airflow.airflowBin),
      uiPort: state.uiPort,
      brokerUrl: this.options.brokerUrl,
      brokerKeyPrefix: `${namespace}:`,
      passwordsFile,
      statsdPort: state.statsdPort,
    });

    if (state.migrated !== runtime.version) {
      // A new runtime version: nothing of the old one may touch the schema while it migrates.
      await this.supervisor.run(dir, []);
      await options.onProgress("Migrating the metadata database (airflow db migrate)");
      const migrated = await runOnce(
        airflow.airflowBin,
        ["db", "migrate"],
        env,
        home,
        path.join(logs, "migrate.log"),
        15 * 60_000,
      );
      if (migrated.code !== 0) {
        throw new RuntimeTargetError(
          `airflow db migrate failed (exit ${migrated.code}); see ${path.join(logs, "migrate.log")}`,
          true,
        );
      }
      state.migrated = runtime.version;
      writePrivate(statePath, JSON.stringify(state));
    }
    if (runtime.major === 2) {
      // Airflow 2's UI (Flask AppBuilder) keeps its users in the metadata database.
      await runOnce(
        airflow.airflowBin,
        [
          "users",
          "create",
          "--username",
          "admin",
          "--password",
          adminPassword,
          "--role",
          "Admin",
          "--firstname",
          "Skyport",
          "--lastname",
          "Admin",
          "--email",
          "admin@skyport.localhost",
        ],
        env,
        home,
        path.join(logs, "users.log"),
        5 * 60_000,
      );
    }

    const components: ComponentDefinition[] = [];
    const component = (
      name: string,
      args: string[],
      extra: Record<string, string> = {},
      command = airflow.airflowBin,
    ) =>
      components.push({
        name,
        command,
        args,
        cwd: home,
        env: { ...env, ...extra },
        logFile: path.join(logs, `${name}.log`),
      });

    const bundleSync = input.bundleSync;
    if (bundleSync?.credential) {
      const script = path.join(dir, BUNDLE_SYNC_SCRIPT_NAME);
      writeFileSync(script, bundleSyncScript(), { mode: 0o644 });
      const syncEnv = {
        PATH: env.PATH ?? "",
        SKYPORT_BUNDLE_URL: `${bundleSync.url.replace(/\/+$/, "")}/api/v1/runtime/bundle`,
        SKYPORT_BUNDLE_TOKEN: bundleSync.credential,
        SKYPORT_BUNDLE_ROOT: dags,
        // Every component reads this one DAG folder, so this sync reports for all of them.
        SKYPORT_BUNDLE_COMPONENT: bundleSyncComponentNames(spec).join(","),
        PYTHONDONTWRITEBYTECODE: "1",
      };
      await options.onProgress("Installing the active DAG bundle");
      const once = await runOnce(
        airflow.python,
        [script, "--once"],
        syncEnv,
        dir,
        path.join(logs, "bundle-sync.log"),
        2 * 60_000,
      );
      if (once.code !== 0) this.log("bundle sync --once failed; the follower retries", { namespace });
      components.push({
        name: "bundle-sync",
        command: airflow.python,
        args: [script],
        cwd: dir,
        env: syncEnv,
        logFile: path.join(logs, "bundle-sync.log"),
      });
    } else {
      mkdirSync(path.join(dags, "current"), { recursive: true });
    }

    if (runtime.major === 2)
      component("webserver", ["webserver", "--hostname", "127.0.0.1", "--port", String(state.uiPort)]);
    else component("api-server", ["api-server", "--host", "127.0.0.1", "--port", String(state.uiPort)]);
    const schedulers = spec.highAvailability ? 2 : 1;
    for (let i = 1; i <= schedulers; i++) component(i === 1 ? "scheduler" : `scheduler-${i}`, ["scheduler"]);
    component("dag-processor", ["dag-processor"]);
    component("triggerer", ["triggerer", "--skip-serve-logs"]);
    const scaling: Scaling = {
      metadataDbUrl: input.secrets.metadataDbUrl,
      namespace,
      queues: spec.workerQueues,
      worker: { command: airflow.airflowBin, cwd: home, env, logs },
    };
    writePrivate(path.join(dir, "scaling.json"), JSON.stringify(scaling));
    // Each queue keeps the workers the autoscaler gave it, within the (maybe changed) bounds.
    state.workers = Object.fromEntries(
      spec.workerQueues.map((queue) => [
        queue.name,
        clampWorkers(state.workers?.[queue.name] ?? queue.minWorkers, queue),
      ]),
    );
    writePrivate(statePath, JSON.stringify(state));
    for (const queue of spec.workerQueues) {
      components.push(...workerComponents(scaling, queue, state.workers[queue.name] ?? 0));
    }
    await options.onProgress(`Starting ${components.length} Airflow processes`);
    const changed = await this.supervisor.run(dir, components).catch((error: unknown) => {
      if (error instanceof SupervisorClosedError) throw new RuntimeTargetError(error.message, true);
      throw error;
    });
    return this.waitForHealth(dir, runtime, state.uiPort, {
      ...options,
      timeoutMs: options.waitForHealth || changed ? options.timeoutMs : 0,
    });
  }

  private async waitForHealth(
    dir: string,
    runtime: RuntimeVersion,
    port: number,
    options: LocalConvergeOptions,
  ): Promise<{ ready: boolean; reason: string }> {
    const deadline = Date.now() + options.timeoutMs;
    let last = "";
    for (;;) {
      const down = this.supervisor.status(dir).filter((component) => !component.running);
      const health = await uiHealth(port, runtime);
      if (down.length === 0 && health.healthy) {
        return {
          ready: true,
          reason: `Running locally: Airflow ${runtime.version} at http://127.0.0.1:${port}/ (user admin, password in ${path.join(dir, "admin-password")})`,
        };
      }
      const waiting = [
        ...(down.length ? [`${down.map((component) => component.name).join(", ")} not running`] : []),
        ...(health.healthy ? [] : [health.detail]),
      ].join("; ");
      if (Date.now() >= deadline) {
        return { ready: false, reason: `Not healthy: ${waiting}; logs in ${path.join(dir, "logs")}` };
      }
      if (waiting !== last) await options.onProgress(`Waiting for Airflow: ${waiting}`);
      last = waiting;
      await sleep(2_000);
    }
  }

  /** Stops the runtime's processes and removes its directory. */
  async remove(namespace: string): Promise<void> {
    const dir = this.dirFor(namespace);
    this.changing.add(dir);
    try {
      await Promise.all([this.supervisor.remove(dir), this.closeReceiver(dir)]);
      rmSync(dir, { recursive: true, force: true });
    } finally {
      this.changing.delete(dir);
    }
  }
}
