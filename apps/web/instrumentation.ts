/**
 * Runs once when the server starts, before it takes requests. Validating configuration
 * here makes `next start` stop with a message naming a missing or malformed variable,
 * instead of failing on the first request.
 */
export async function register(): Promise<void> {
  // `next build` also loads this file; configuration belongs to the running server only.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getServices } = await import("./src/server/services.ts");
  const services = getServices();
  await services.ready;
  // The routes apps/web/server.mjs serves on node:http before Next.js (lineage ingest).
  const { nodeRoutes } = await import("./src/server/lineage/node.ts");
  (globalThis as { __skyportNodeRoutes?: unknown }).__skyportNodeRoutes = nodeRoutes(services);
  services.logger.info({ version: services.version, port: services.config.PORT }, "web server starting");
}
