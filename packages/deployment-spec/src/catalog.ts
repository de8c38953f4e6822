// The runtimes a deployment can run: official Apache Airflow images only, pinned to an exact
// release and Python line. Every entry is a version that was actually released upstream
// (checked against the Airflow release notes / official Helm chart appVersion, see the report).
// Adding a version is a one-line change here; removing one needs a migration story first.

/** The long-running Airflow processes a runtime is made of (Celery workers come from queues). */
export type AirflowComponent = "scheduler" | "webserver" | "api-server" | "triggerer" | "dag-processor";

export interface RuntimeVersion {
  /** Airflow release, also the id customers pick: "3.1.8". */
  readonly version: string;
  readonly major: 2 | 3;
  /** Minor line, for grouping in the console: "3.1". */
  readonly line: string;
  readonly python: string;
  /** Official image, pinned by version. */
  readonly image: string;
  /** Components rendered for this runtime. Airflow 3 replaced `webserver` with `api-server` and
   * made the standalone `dag-processor` mandatory; on 2.x Skyport runs it standalone too (see
   * ui/dag-processor notes in render/airflow-components.ts). */
  readonly components: readonly AirflowComponent[];
  /** The component serving the UI and REST API behind the Ingress. */
  readonly uiComponent: "webserver" | "api-server";
  /** HTTP path the UI component answers when healthy. */
  readonly healthPath: string;
}

const PYTHON = "3.12";

/** What differs between the Airflow 2 and Airflow 3 lines. */
const MAJOR_LINES = {
  2: {
    components: ["scheduler", "webserver", "triggerer", "dag-processor"],
    uiComponent: "webserver",
    healthPath: "/health",
  },
  3: {
    components: ["scheduler", "api-server", "triggerer", "dag-processor"],
    uiComponent: "api-server",
    healthPath: "/api/v2/monitor/health",
  },
} as const satisfies Record<
  RuntimeVersion["major"],
  Pick<RuntimeVersion, "components" | "uiComponent" | "healthPath">
>;

function runtime(major: RuntimeVersion["major"], version: string): RuntimeVersion {
  return {
    version,
    major,
    line: version.split(".").slice(0, 2).join("."),
    python: PYTHON,
    image: `apache/airflow:${version}-python${PYTHON}`,
    ...MAJOR_LINES[major],
  };
}

const airflow2 = (version: string) => runtime(2, version);
const airflow3 = (version: string) => runtime(3, version);

export const RUNTIME_CATALOG: readonly RuntimeVersion[] = [
  airflow2("2.10.5"),
  airflow2("2.11.0"),
  airflow3("3.1.8"),
  airflow3("3.2.1"),
  airflow3("3.3.1"),
];

export const DEFAULT_RUNTIME_VERSION = "3.3.1";

export const RUNTIME_VERSIONS = RUNTIME_CATALOG.map((entry) => entry.version);

/**
 * Runtime versions newest first, comparing release numbers as numbers (3.3.1, 3.2.1, 3.1.8,
 * 2.11.0, 2.10.5): the one order every list of runtimes uses, console and CLI alike.
 */
export function compareRuntimeVersionsNewestFirst(a: string, b: string): number {
  const partsA = a.split(".").map(Number);
  const partsB = b.split(".").map(Number);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const difference = (partsB[i] ?? 0) - (partsA[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export function findRuntime(version: string): RuntimeVersion | undefined {
  return RUNTIME_CATALOG.find((entry) => entry.version === version);
}

export function runtimeFor(version: string): RuntimeVersion {
  const runtime = findRuntime(version);
  if (!runtime) throw new Error(`unknown runtime version ${version}`);
  return runtime;
}
