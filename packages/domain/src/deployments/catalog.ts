// What the create and edit forms offer, straight from the provisioning package, so the console
// never lists a runtime, size or setting the renderer does not know.
import {
  cpuQuantity,
  DEFAULT_QUEUE,
  DEFAULT_RUNTIME_VERSION,
  DEFAULT_WORKER_CONCURRENCY,
  dagProcessorSize,
  EXECUTORS,
  type Executor,
  MAX_CONTACT_EMAILS,
  MAX_WORKER_QUEUES,
  MAX_WORKERS_PER_QUEUE,
  MOVED_SETTINGS,
  memoryQuantity,
  RANGED_SETTINGS,
  REFUSED_SETTINGS,
  RUNTIME_CATALOG,
  SCHEDULER_SIZES,
  SIZES,
  type Size,
  settingRuntimeLine,
  WORKER_SIZES,
} from "@skyport/deployment-spec";

export type { Executor, Size };
export { EXECUTORS, SIZES };

export interface ComputeView {
  cpuMillis: number;
  memoryMiB: number;
  /** Kubernetes quantities, as shown: "1" CPU, "2Gi". */
  cpu: string;
  memory: string;
}

export interface RuntimeCatalog {
  runtimes: Array<{
    version: string;
    major: 2 | 3;
    line: string;
    python: string;
    image: string;
  }>;
  defaultRuntimeVersion: string;
  executors: Array<{ value: Executor; label: string; description: string }>;
  sizes: Array<{ size: Size; scheduler: ComputeView; worker: ComputeView; dagProcessor: ComputeView }>;
  /** Settings refused as overrides, with why. Keys ending in `_cmd` or `_secret`, and keys that
   * look like credentials, are refused too (see refusedPatterns). */
  refusedSettings: Array<{ section: string; key: string; reason: string }>;
  refusedPatterns: string[];
  rangedSettings: Array<{
    section: string;
    key: string;
    description: string;
    kind: "integer" | "boolean" | "enum";
    min: number | null;
    max: number | null;
    values: string[] | null;
    /** The only runtime line (major version) that reads this setting; null when both do. */
    runtimeMajor: 2 | 3 | null;
  }>;
  /** Settings Airflow 3 moved: a runtime refuses the other line's key and names its own. */
  movedSettings: Array<{ airflow2: string; airflow3: string }>;
  limits: {
    defaultQueue: string;
    defaultWorkerConcurrency: number;
    maxWorkerQueues: number;
    maxWorkersPerQueue: number;
    maxContactEmails: number;
  };
}

function compute(value: { cpuMillis: number; memoryMiB: number }): ComputeView {
  return { ...value, cpu: cpuQuantity(value.cpuMillis), memory: memoryQuantity(value.memoryMiB) };
}

const EXECUTOR_TEXT: Record<Executor, { label: string; description: string }> = {
  CELERY: {
    label: "Celery",
    description: "Long-lived workers per queue, autoscaled between a minimum and a maximum",
  },
  KUBERNETES: {
    label: "Kubernetes",
    description: "Each task runs in its own pod; no worker queues",
  },
};

/** Runtimes, executors, sizes and Airflow setting rules, for the deployment forms. */
export function runtimeCatalog(): RuntimeCatalog {
  return {
    runtimes: RUNTIME_CATALOG.map(({ version, major, line, python, image }) => ({
      version,
      major,
      line,
      python,
      image,
    })),
    defaultRuntimeVersion: DEFAULT_RUNTIME_VERSION,
    executors: EXECUTORS.map((value) => ({ value, ...EXECUTOR_TEXT[value] })),
    sizes: SIZES.map((size) => ({
      size,
      scheduler: compute(SCHEDULER_SIZES[size]),
      worker: compute(WORKER_SIZES[size]),
      dagProcessor: compute(dagProcessorSize(size)),
    })),
    refusedSettings: REFUSED_SETTINGS.map(({ section, key, reason }) => ({ section, key, reason })),
    refusedPatterns: [
      "keys ending in _cmd (Airflow would run them as shell commands)",
      "keys ending in _secret (Airflow would fetch them from a secrets backend)",
      "keys that look like credentials (password, secret, token, credential, private_key, api_key, access_key)",
    ],
    rangedSettings: RANGED_SETTINGS.map(({ section, key, rule }) => ({
      section,
      key,
      description: rule.what,
      kind: rule.kind,
      min: rule.kind === "integer" ? rule.min : null,
      max: rule.kind === "integer" ? rule.max : null,
      values: rule.kind === "enum" ? [...rule.values] : rule.kind === "boolean" ? ["True", "False"] : null,
      runtimeMajor: settingRuntimeLine(section, key) ?? null,
    })),
    movedSettings: MOVED_SETTINGS.map(({ airflow2, airflow3 }) => ({ airflow2, airflow3 })),
    limits: {
      defaultQueue: DEFAULT_QUEUE,
      defaultWorkerConcurrency: DEFAULT_WORKER_CONCURRENCY,
      maxWorkerQueues: MAX_WORKER_QUEUES,
      maxWorkersPerQueue: MAX_WORKERS_PER_QUEUE,
      maxContactEmails: MAX_CONTACT_EMAILS,
    },
  };
}
