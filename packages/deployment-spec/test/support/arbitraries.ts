// fast-check generators of valid deployment specs, covering both executors, every runtime line,
// HA, sizes, queues at their bounds and allowed overrides.
import fc from "fast-check";
import {
  type DeploymentSpecInput,
  MAX_WORKERS_PER_QUEUE,
  RANGED_SETTINGS,
  RUNTIME_VERSIONS,
  runtimeFor,
  SIZES,
  settingRuntimeLine,
} from "../../src/index.ts";

// Built from characters rather than fc.stringMatching, which is orders of magnitude slower.
export const LOWER = [..."abcdefghijklmnopqrstuvwxyz"];
export const ALNUM = [...LOWER, ..."0123456789"];

export function label(first: string[], max: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...first),
    fc
      .tuple(
        fc.constantFrom(...first),
        fc.string({ unit: fc.constantFrom(...ALNUM, "-"), maxLength: max - 2 }),
        fc.constantFrom(...ALNUM),
      )
      .map(([head, middle, tail]) => `${head}${middle}${tail}`),
  );
}

export const dnsLabel = (max: number) => label(LOWER, max);

const size = fc.constantFrom(...SIZES);

const workerQueue = (name: fc.Arbitrary<string>) =>
  fc
    .record({
      name,
      workerSize: size,
      bounds: fc.tuple(
        fc.integer({ min: 0, max: MAX_WORKERS_PER_QUEUE }),
        fc.integer({ min: 0, max: MAX_WORKERS_PER_QUEUE }),
      ),
      workerConcurrency: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
    })
    .map(({ bounds, workerConcurrency, ...rest }) => ({
      ...rest,
      minWorkers: Math.min(...bounds),
      maxWorkers: Math.max(...bounds),
      ...(workerConcurrency === undefined ? {} : { workerConcurrency }),
    }));

/** A value inside the documented range of a ranged setting the runtime line reads. */
function rangedOverride(celery: boolean, runtimeVersion: string) {
  const major = runtimeFor(runtimeVersion).major;
  const settings = RANGED_SETTINGS.filter(
    (s) => (celery || s.section !== "celery") && (settingRuntimeLine(s.section, s.key) ?? major) === major,
  );
  return fc.constantFrom(...settings).chain((setting) => {
    const rule = setting.rule;
    const value =
      rule.kind === "integer"
        ? fc.integer({ min: rule.min, max: rule.max }).map(String)
        : rule.kind === "boolean"
          ? fc.constantFrom("True", "False", "true", "false")
          : fc.constantFrom(...rule.values);
    return value.map((v) => ({ section: setting.section, key: setting.key, value: v }));
  });
}

/** Settings with no documented range: free-form values. */
const freeFormOverride = fc.oneof(
  fc
    .constantFrom("UTC", "Europe/Berlin", "America/New_York")
    .map((value) => ({ section: "core", key: "default_timezone", value })),
  fc
    .integer({ min: 60, max: 3600 })
    .map((n) => ({ section: "scheduler", key: "task_queued_timeout", value: String(n) })),
  fc
    .constantFrom("s3://bucket/logs", "gs://bucket/logs")
    .map((value) => ({ section: "logging", key: "remote_base_log_folder", value })),
  fc
    .constantFrom("aws_default", "google_cloud_default")
    .map((value) => ({ section: "logging", key: "remote_log_conn_id", value })),
);

/** Git sources of every URL form, with and without a folder and a credentials connection. */
export const gitSourceInput = fc
  .record({
    url: fc.constantFrom(
      "https://github.com/acme/dags.git",
      "https://git.example.com:8443/data/airflow",
      "ssh://git@203.0.113.7:2222/acme/dags.git",
      "git@gitlab.com:acme/dags.git",
    ),
    ref: fc.constantFrom("main", "v1.2.0", "release/2026-12"),
    subPath: fc.option(fc.constantFrom("dags", "airflow/dags/"), { nil: undefined }),
    connectionId: fc.option(fc.constantFrom("git_default", "acme_git"), { nil: undefined }),
  })
  .map(({ subPath, connectionId, ...source }) => ({
    ...source,
    ...(subPath === undefined ? {} : { subPath }),
    ...(connectionId === undefined ? {} : { connectionId }),
  }));

export function specInput(): fc.Arbitrary<DeploymentSpecInput> {
  return fc
    .tuple(fc.constantFrom("CELERY", "KUBERNETES"), fc.constantFrom(...RUNTIME_VERSIONS))
    .chain(([executor, runtimeVersion]) => {
      const celery = executor === "CELERY";
      const queues = celery
        ? fc.uniqueArray(workerQueue(fc.oneof(fc.constant("default"), dnsLabel(20))), {
            maxLength: 4,
            selector: (q) => q.name,
          })
        : fc.constant([]);
      return fc
        .record({
          name: dnsLabel(40),
          description: fc.string({ maxLength: 50 }),
          runtimeVersion: fc.constant(runtimeVersion),
          executor: fc.constant(executor),
          schedulerSize: size,
          highAvailability: fc.boolean(),
          workerQueues: queues,
          airflowConfigOverrides: fc.uniqueArray(
            fc.oneof(rangedOverride(celery, runtimeVersion), freeFormOverride),
            {
              maxLength: 6,
              selector: (o) => `${o.section}.${o.key}`,
            },
          ),
          contactEmails: fc.uniqueArray(
            fc.tuple(dnsLabel(12), dnsLabel(12)).map(([user, domain]) => `${user}@${domain}.example.com`),
            { maxLength: 3 },
          ),
          // Airflow 3 only: the spec refuses a Git source on Airflow 2.
          gitSource:
            runtimeFor(runtimeVersion).major === 3
              ? fc.option(gitSourceInput, { nil: undefined })
              : fc.constant(undefined),
        })
        .map(({ gitSource, ...spec }) =>
          gitSource ? { ...spec, gitSource } : spec,
        ) as fc.Arbitrary<DeploymentSpecInput>;
    });
}
