import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

type EngineBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let bindings: Promise<EngineBindings> | undefined;

// Node's global WebAssembly; @types/node 20 does not declare it.
interface WasmRuntime {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmRuntime = () => (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;

/**
 * Loads Prisma's schema engine compiled to WebAssembly (the same engine the Prisma CLI
 * downloads natively, which this network cannot reach). The package's entry imports the
 * .wasm file as an ES module, which Node 20 only allows behind a flag, so we instantiate
 * the module ourselves and hand it to the generated bindings.
 */
function loadBindings(): Promise<EngineBindings> {
  bindings ??= (async () => {
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmBytes = await readFile(path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm"));
    const module: EngineBindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const { instance } = await wasmRuntime().instantiate(wasmBytes, { "./schema_engine_bg.js": module });
    module.__wbg_set_wasm(instance.exports as Parameters<typeof module.__wbg_set_wasm>[0]);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return module;
  })();
  return bindings;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type FieldLike = { dataTypeID: number };
type QueryResultLike = { fields?: FieldLike[]; rows?: unknown[] };

/** Result row arrays whose columns at these indexes were PostgreSQL "char" columns. */
const charColumnsByRows = new WeakMap<object, number[]>();

function relabelCharColumns(result: QueryResultLike | QueryResultLike[] | undefined): void {
  for (const part of Array.isArray(result) ? result : result ? [result] : []) {
    const indexes: number[] = [];
    part.fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indexes.push(index);
      }
    });
    if (indexes.length && part.rows) charColumnsByRows.set(part.rows, indexes);
  }
}

/**
 * The schema engine introspects catalog columns of PostgreSQL's internal one-byte `"char"`
 * type (pg_class.relkind and friends). node-postgres already returns those as strings,
 * but @prisma/adapter-pg refuses the type id, so introspection (needed to diff a shadow
 * database) fails. This client relabels such columns as text so the adapter accepts them,
 * and `reportCharColumns` then tells the engine their real type (Character). Used for
 * migrations only, never by the application's Prisma client.
 */
class MigrationClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors pg.Client#query's overloads
  override query(...args: any[]): any {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: QueryResultLike) => {
        relabelCharColumns(result);
        last(error, result);
      };
      // biome-ignore lint/suspicious/noExplicitAny: see above
      return (super.query as any)(...args);
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const pending = (super.query as any)(...args);
    if (pending && typeof pending.then === "function") {
      return pending.then((result: QueryResultLike) => {
        relabelCharColumns(result);
        return result;
      });
    }
    return pending;
  }
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * Adjusts an adapter for the schema engine. Its queryRaw reports PostgreSQL "char" columns
 * with their real type (see MigrationClient). And @prisma/adapter-pg's executeScript splits a migration on every ";", which breaks
 * PL/pgSQL bodies, string literals and comments containing one. PostgreSQL's simple query
 * protocol runs a multi-statement script as one implicit transaction, which is also what
 * makes a migration all-or-nothing, so we send the script whole.
 */
function runScriptsWhole(adapter: PgAdapter): PgAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsByRows.get(result.rows) ?? [])
      result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      // Let the adapter translate the driver error into the engine's error shape.
      (adapter as unknown as { onError(error: unknown): never }).onError(error);
    }
  };
  return adapter;
}

/**
 * A migration-aware adapter factory whose shadow databases are created next to the target
 * database and dropped after use. (@prisma/adapter-pg's own connectToShadowDb keeps the
 * connection string's database name, so with a URL it would replay migrations on the
 * real database; we never let it.)
 */
function migrationAdapterFactory(databaseUrl: string) {
  const main = new PrismaPg({ connectionString: databaseUrl, Client: MigrationClient });
  return {
    provider: "postgres" as const,
    adapterName: main.adapterName,
    connect: async () => runScriptsWhole(await main.connect()),
    async connectToShadowDb() {
      const shadowName = `skyport_shadow_${randomUUID().replaceAll("-", "")}`;
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(shadowName)}`);
      } finally {
        await admin.end();
      }
      const shadowUrl = new URL(databaseUrl);
      shadowUrl.pathname = `/${shadowName}`;
      const adapter = runScriptsWhole(
        await new PrismaPg({ connectionString: shadowUrl.toString(), Client: MigrationClient }).connect(),
      );
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        const dropper = new pg.Client({ connectionString: databaseUrl });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(shadowName)} WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      };
      return adapter;
    },
  };
}

export interface EngineLog {
  level: string;
  message: string;
}

/**
 * Opens a schema engine connected to `databaseUrl` through the pg driver adapter. Shadow
 * databases (needed to create migrations) are created and dropped by the adapter.
 */
export async function openSchemaEngine(
  databaseUrl: string,
  schema: { path: string; content: string },
  onLog: (log: EngineLog) => void = () => {},
): Promise<SchemaEngine> {
  const module = await loadBindings();
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(migrationAdapterFactory(databaseUrl));
  return module.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (line: string) => {
      try {
        const parsed = JSON.parse(line) as { level?: string; fields?: { message?: string } };
        onLog({ level: parsed.level ?? "INFO", message: parsed.fields?.message ?? line });
      } catch {
        onLog({ level: "INFO", message: line });
      }
    },
    adapterFactory,
  );
}
