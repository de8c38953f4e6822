// Schema-driven fuzzing of the REST API by an independent implementation: schemathesis
// (`npm run schemathesis:install`) reads the OpenAPI document the running stack serves and
// calls every operation with an API token of a real organization, workspace and deployment:
// generated valid and invalid inputs (coverage and fuzzing phases). Every answer must be a non-5xx
// with a documented status, content type and body. Then the stateful phase follows the document's
// links (create → get → update/delete) and every created resource must be found by its links.
//
// To hunt beyond CI's budget, optional environment variables change one run without touching the
// committed defaults (each run then explores differently):
//   SKYPORT_FUZZ_SEED=<int>               schemathesis's seed (default 20261206)
//   SKYPORT_FUZZ_SECONDS=<s>              budget of the coverage+fuzzing run (default 200)
//   SKYPORT_FUZZ_STATEFUL_SECONDS=<s>     budget of the stateful run (default 120)
//   SKYPORT_FUZZ_MAX_EXAMPLES=<n>         cases per operation (default 8)
//   SKYPORT_FUZZ_PHASES=stateful          run only the stateful phase ("generated": only the other two)
//   SKYPORT_FUZZ_STATEFUL_MODE=positive   the stateful phase's generation mode (default: schemathesis's "all")
//   SKYPORT_FUZZ_STATEFUL_MAX_STEPS=<n>   most steps per stateful scenario (default: schemathesis's 6)
//   SKYPORT_FUZZ_OUTPUT_DIR=<dir>         keep each run's console output there (coverage summary, warnings)
import { writeFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { createTestDatabase } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findSchemathesis,
  runSchemathesis,
  SCHEMATHESIS_INSTALL_HINT,
  SCHEMATHESIS_VERSION,
  type SchemathesisOptions,
} from "../../scripts/schemathesis/schemathesis.ts";
import { type RunningStack, stackEnvironment, startStack } from "../src/stack.ts";

const installed = findSchemathesis() !== undefined;
if (!installed) {
  const line = "!".repeat(96);
  process.stderr.write(
    `\n${line}\n!! SKIPPING e2e/tests/api-fuzz.test.ts: schemathesis ${SCHEMATHESIS_VERSION} is not installed.\n` +
      `!! Run \`${SCHEMATHESIS_INSTALL_HINT}\` (needs Python 3 and the Python package index).\n${line}\n`,
  );
}

/** The checks the API must pass on every answer. */
const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_schema_conformance",
];
/** CI budget: at most this many cases per operation, and this long for the whole run. */
const MAX_EXAMPLES = envNumber("SKYPORT_FUZZ_MAX_EXAMPLES", 8);
const MAX_SECONDS = envNumber("SKYPORT_FUZZ_SECONDS", 200);
const STATEFUL_SECONDS = envNumber("SKYPORT_FUZZ_STATEFUL_SECONDS", 120);
const SEED = envNumber("SKYPORT_FUZZ_SEED", 20261206);
const STATEFUL_MODE = statefulMode(process.env.SKYPORT_FUZZ_STATEFUL_MODE);
const STATEFUL_MAX_STEPS = process.env.SKYPORT_FUZZ_STATEFUL_MAX_STEPS
  ? envNumber("SKYPORT_FUZZ_STATEFUL_MAX_STEPS", 6)
  : undefined;
/** Which runs to make: both by default; a hunt may pick one ("stateful" or "generated"). */
const PHASES = process.env.SKYPORT_FUZZ_PHASES ?? "generated,stateful";

/** A longer hunt gets a longer test timeout (the config's 10 minutes fit the defaults). */
const TEST_TIMEOUT_MS = Math.max(10 * 60, MAX_SECONDS + STATEFUL_SECONDS + 240) * 1000;

function statefulMode(raw: string | undefined): SchemathesisOptions["statefulMode"] {
  if (raw === undefined || raw === "") return undefined;
  if (raw === "positive" || raw === "negative" || raw === "all") return raw;
  throw new Error(`SKYPORT_FUZZ_STATEFUL_MODE must be positive, negative or all, got "${raw}"`);
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

let stack: RunningStack;
let stateDir: string;

async function call<T>(method: string, url: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.baseUrl}/api/v1${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  if (!installed) return;
  stateDir = await mkdtemp(path.join(tmpdir(), "skyport-e2e-fuzz-"));
  await chmod(stateDir, 0o755);
  const { url } = await createTestDatabase();
  stack = await startStack(stackEnvironment(url, stateDir), await findFreePort());
});

afterAll(async () => {
  await stack?.stop("SIGINT");
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe.skipIf(!installed)(
  `schemathesis ${SCHEMATHESIS_VERSION} against the served OpenAPI document`,
  () => {
    const title =
      "finds no server error, undocumented status, wrong content type or off-schema body in any operation";
    it(title, { timeout: TEST_TIMEOUT_MS }, async () => {
      const signedUp = await call<{ sessionToken: string; organization: { id: string } }>(
        "POST",
        "/auth/signup",
        null,
        {
          email: "fuzz@acme.test",
          password: "correct horse battery staple",
          name: "Fuzz",
          organizationName: "Acme",
        },
      );
      const session = signedUp.sessionToken;
      const organizationId = signedUp.organization.id;
      const org = `/organizations/${organizationId}`;
      const workspace = await call<{ id: string }>("POST", `${org}/workspaces`, session, {
        name: "Analytics",
      });
      const { deployment } = await call<{ deployment: { id: string } }>(
        "POST",
        `${org}/deployments`,
        session,
        {
          workspaceId: workspace.id,
          name: "etl",
          spec: { runtimeVersion: "3.3.1", executor: "CELERY" },
        },
      );
      const { token } = await call<{ token: string }>("POST", `${org}/api-tokens`, session, {
        name: "fuzzer",
        scope: "ORGANIZATION",
        role: "ORGANIZATION_OWNER",
      });
      // The OpenLineage ingest operations authenticate with the deployment's ingest token.
      const ingest = await call<{ token: string }>(
        "POST",
        `${org}/deployments/${deployment.id}/ingest-token/rotate`,
        token,
      );

      const common = {
        schemaUrl: `${stack.baseUrl}/api/v1/openapi.json`,
        token,
        checks: CHECKS,
        // Real ids, so operations reach past "not found" into their logic.
        parameters: { organizationId, workspaceId: workspace.id, deploymentId: deployment.id },
        // A DAG bundle upload takes a gzip body schemathesis cannot generate (e2e/tests/deploy.test.ts
        // uploads real bundles).
        excludeOperationIds: ["uploadBundle"],
        tagOverrides: [{ tag: "Lineage ingest", token: ingest.token }],
        // Every undeclared method must answer 405, TRACE and QUERY included (schemathesis's default
        // list): Next.js alone answers TRACE with a 500 before any Skyport code runs (undici's
        // Request refuses the method), so apps/web/server.mjs refuses it first.
        unexpectedMethods: ["GET", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "TRACE", "QUERY"],
        maxExamples: MAX_EXAMPLES,
        workers: 2,
        seed: SEED,
      };
      const runPhases = async (
        phases: string[],
        maxTimeSeconds: number,
        overrides: Partial<
          Pick<SchemathesisOptions, "checks" | "parameters" | "statefulMode" | "statefulMaxSteps">
        > = {},
      ) => {
        const run = await runSchemathesis({
          ...common,
          ...overrides,
          phases,
          maxTimeSeconds,
          reportDir: await mkdtemp(path.join(stateDir, "schemathesis-")),
        });
        const { report } = run;
        if (process.env.SKYPORT_FUZZ_OUTPUT_DIR)
          writeFileSync(
            path.join(process.env.SKYPORT_FUZZ_OUTPUT_DIR, `${phases.join("+")}.txt`),
            run.output,
          );
        process.stderr.write(
          `[schemathesis] ${phases.join("+")}: ${report.test_cases.generated} generated cases over ` +
            `${report.operations.tested} operations (stop: ${report.stop_reason}; phases: ${JSON.stringify(report.phases)})` +
            `${run.stateful ? `; ${run.stateful.scenarios} scenarios, links covered ${run.stateful.linksCovered}/${run.stateful.linksSelected}, ${run.linksFollowed.length} link steps` : ""}\n`,
        );
        const failed = report.failures.map((f) => `${f.code} ${f.title}: ${f.operations.join(", ")}`);
        const errored = report.errors.map((e) => `${e.title} (${e.count})`);
        expect({ failed, errored }, run.output.slice(-20_000)).toEqual({ failed: [], errored: [] });
        expect(run.exitCode, run.output.slice(-20_000)).toBe(0);
        return run;
      };
      // Generated inputs per operation: boundary values and invalid inputs (coverage), then
      // random valid ones (fuzzing).
      if (PHASES.includes("generated")) {
        const { report: generated } = await runPhases(["coverage", "fuzzing"], MAX_SECONDS);
        expect(generated.operations.tested).toBe(generated.operations.selected);
        expect(generated.operations.selected).toBeGreaterThan(100);
        expect(generated.test_cases.generated).toBeGreaterThan(1000);
      }
      if (!PHASES.includes("stateful")) return;

      // Scenarios along the document's links: create → get → update/delete. Only the organization
      // is fixed (a fixed workspaceId would override the id a link takes from the create's answer),
      // and `linked_resource_available` (scripts/schemathesis/skyport_hooks.py) fails a created
      // resource that its get/update/delete link cannot find.
      const stateful = await runPhases(["stateful"], STATEFUL_SECONDS, {
        checks: [...CHECKS, "linked_resource_available"],
        parameters: { organizationId },
        statefulMode: STATEFUL_MODE,
        statefulMaxSteps: STATEFUL_MAX_STEPS,
      });
      const steps = new Map<string, number>();
      for (const step of stateful.linksFollowed) {
        const key = `${step.from} → ${step.to}: ${step.status}${step.excused ? ` (${step.excused})` : ""}`;
        steps.set(key, (steps.get(key) ?? 0) + 1);
      }
      process.stderr.write(
        `[schemathesis] link steps:\n${[...steps].map(([key, count]) => `  ${count} × ${key}`).join("\n")}\n`,
      );
      expect(stateful.report.phases.stateful?.status).toBe("success");
      expect(stateful.stateful?.scenarios).toBeGreaterThan(0);
      expect(stateful.stateful?.linksCovered).toBeGreaterThan(0);
      // Links were followed to the resources they created, and found them.
      const found = stateful.linksFollowed.filter(
        (step) => step.to.startsWith("GET ") && step.status === 200 && step.from?.startsWith("POST "),
      );
      expect(found.length, JSON.stringify(stateful.linksFollowed.slice(0, 50))).toBeGreaterThan(0);
    });
  },
);
