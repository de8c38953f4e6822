// Deploying a 10 MiB DAG bundle through the REST API: upload (PUT …/bundles/{sha256}: streamed
// through the inspection into a verified object-store put), deploy (POST …/deploys) and activate
// (the runtime's bundle syncs reporting it installed, GET /runtime/bundle with
// X-Skyport-Component and X-Skyport-Installed, once per component), against a raw object-store
// put of the same bytes. Reports the median and the worst of each over several runs (each run a
// new bundle).
// Not part of `npm test`; run `npm run bench:deploy`.
//
//   --runs <n>     bundles deployed (default 7)
//   --mib <n>      bundle size in MiB (default 10)
//
// PostgreSQL: DATABASE_URL's server when set, else an embedded one of its own (ephemeral).
// Redis: REDIS_URL when set, else a redis-server on PATH. Objects: a temporary folder (the
// file-system adapter, the embedded default). The API is the real REST handler behind node:http
// in this process.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { deploymentBundleCredential, generateApiTokenSecret } from "@skyport/domain";
import { resolvePostgres, resolveRedis, STATE_DIR } from "@skyport/localstack";
import { FileSystemObjectStore } from "@skyport/object-store";
import { Header } from "tar";
import { cloneDatabase, prepareTemplateDatabase } from "../packages/testing/src/template.ts";
import { buildWorld } from "../packages/testing/src/world.ts";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "7" }, mib: { type: "string", default: "10" } },
});
const RUNS = Number(args.runs);
const MIB = Number(args.mib);
const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);

/** A tar.gz of random (incompressible) files, about `mib` MiB compressed. */
function bundleOf(mib: number): { bytes: Buffer; sha256: string } {
  const blocks: Buffer[] = [];
  const fileSize = 256 * 1024;
  for (let i = 0; i < (mib * 1024 * 1024) / fileSize; i++) {
    const content = randomBytes(fileSize);
    const header = Buffer.alloc(512);
    new Header({
      path: `dags/data/part-${i}.bin`,
      mode: 0o644,
      size: fileSize,
      mtime: new Date(0),
      type: "File",
    }).encode(header, 0);
    blocks.push(header, content);
  }
  blocks.push(Buffer.alloc(1024));
  const bytes = gzipSync(Buffer.concat(blocks), { level: 1 });
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return { median: Number(median.toFixed(1)), worst: Number((sorted.at(-1) ?? 0).toFixed(1)) };
}

async function main(): Promise<void> {
  const postgres = await resolvePostgres({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(STATE_DIR, "bench", `postgres-${process.pid}`),
    ephemeral: true,
    database: "postgres",
    log,
  });
  const redis = await resolveRedis({
    redisUrl: process.env.REDIS_URL,
    dataDir: path.join(STATE_DIR, "bench", `redis-${process.pid}`),
    ephemeral: true,
    log,
  });
  const objects = await fs.mkdtemp(path.join(os.tmpdir(), "skyport-bench-objects-"));
  const rawObjects = await fs.mkdtemp(path.join(os.tmpdir(), "skyport-bench-raw-"));
  let server: http.Server | undefined;
  let close = async () => {};
  try {
    const template = await prepareTemplateDatabase(postgres.url);
    const databaseUrl = await cloneDatabase(
      postgres.url,
      template,
      `skyport_bench_${randomBytes(4).toString("hex")}`,
    );
    const { createServices } = await import("../apps/web/src/server/services.ts");
    const { handleRestRequest } = await import("../apps/web/src/server/rest/handler.ts");
    const { createLogger } = await import("@skyport/logger");
    const { webEnvSchema } = await import("@skyport/config");
    const services = createServices(
      webEnvSchema.parse({
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        SKYPORT_SECRET: randomBytes(32).toString("hex"),
        SKYPORT_KEK: `bench:${randomBytes(32).toString("base64")}`,
        SKYPORT_OBJECT_STORE_URL: pathToFileURL(objects).href,
        LOG_LEVEL: "silent",
        NODE_ENV: "production",
      }),
    );
    close = () => services.close();
    await services.ready;
    const logger = createLogger({ name: "bench", level: "silent" });
    server = http.createServer(async (req, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      const method = req.method ?? "GET";
      const body = method === "GET" ? undefined : (Readable.toWeb(req) as unknown as ReadableStream);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method,
        headers,
        body,
        ...(body ? { duplex: "half" } : {}),
      } as RequestInit);
      const response = await handleRestRequest(request, services, { requestId: "bench", logger });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;

    const world = await buildWorld(services.db);
    const { secret, prefix, secretHash } = generateApiTokenSecret();
    await services.db.apiToken.create({
      data: {
        organizationId: world.organizationId,
        scope: "DEPLOYMENT",
        deploymentId: world.deploymentId,
        role: "DEPLOYMENT_ADMIN",
        name: "bench",
        prefix,
        secretHash,
      },
    });
    const credential = await deploymentBundleCredential(services.db, services.secrets, {
      organizationId: world.organizationId,
      deploymentId: world.deploymentId,
    });
    const deployments = `${base}/organizations/${world.organizationId}/deployments/${world.deploymentId}`;
    const auth = { authorization: `Bearer ${secret}` };
    const raw = new FileSystemObjectStore(rawObjects);

    const samples = {
      upload: [] as number[],
      deploy: [] as number[],
      activate: [] as number[],
      total: [] as number[],
      raw: [] as number[],
    };
    let size = 0;
    for (let run = 0; run <= RUNS; run++) {
      const { bytes, sha256 } = bundleOf(MIB);
      size = bytes.length;
      const started = performance.now();
      const put = await fetch(`${deployments}/bundles/${sha256}`, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/gzip" },
        body: new Blob([bytes]),
      });
      if (put.status !== 201) throw new Error(`upload answered ${put.status}: ${await put.text()}`);
      const uploaded = performance.now();
      const made = await fetch(`${deployments}/deploys`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ bundleSha256: sha256, description: `bench ${run}` }),
      });
      if (made.status !== 201) throw new Error(`deploy answered ${made.status}: ${await made.text()}`);
      const deploy = (await made.json()) as { id: string };
      const deployed = performance.now();
      // Each component's sync reports the bundle (buildWorld's KubernetesExecutor deployment).
      for (const component of ["scheduler", "dag-processor", "triggerer"]) {
        const current = await fetch(`${base}/runtime/bundle`, {
          headers: {
            authorization: `Bearer ${credential}`,
            "x-skyport-component": component,
            "x-skyport-installed": sha256,
          },
        });
        if (current.status !== 200) throw new Error(`runtime endpoint answered ${current.status}`);
        await current.body?.cancel();
      }
      const row = await services.db.deploy.findUniqueOrThrow({ where: { id: deploy.id } });
      if (row.status !== "ACTIVE") throw new Error(`deploy is ${row.status}, not ACTIVE`);
      const activated = performance.now();

      const rawStarted = performance.now();
      await raw.put(`raw/${sha256}.tar.gz`, bytes, { sha256, size: bytes.length });
      const rawDone = performance.now();
      if (run === 0) continue; // warm-up (JIT, connections, first Prisma queries)
      samples.upload.push(uploaded - started);
      samples.deploy.push(deployed - uploaded);
      samples.activate.push(activated - deployed);
      samples.total.push(activated - started);
      samples.raw.push(rawDone - rawStarted);
    }
    const total = stats(samples.total);
    const rawPut = stats(samples.raw);
    const report = {
      bundleBytes: size,
      runs: RUNS,
      ms: {
        upload: stats(samples.upload),
        deploy: stats(samples.deploy),
        activate: stats(samples.activate),
        total,
        rawObjectStorePut: rawPut,
      },
      totalOverRawPut: Number((total.median / rawPut.median).toFixed(1)),
      uploadMiBPerSecond: Number((size / 1024 / 1024 / (stats(samples.upload).median / 1000)).toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await close();
    await fs.rm(objects, { recursive: true, force: true });
    await fs.rm(rawObjects, { recursive: true, force: true });
    await redis.stop();
    await postgres.stop();
  }
}

await main();
