// `npm run vegeta:install`: builds (or confirms) the cached vegeta that `npm run bench:ingest`
// drives the ingest endpoint with.
import { ensureVegeta, VEGETA_VERSION } from "./vegeta.ts";

const started = Date.now();
const binary = await ensureVegeta();
process.stderr.write(
  `[vegeta] vegeta ${VEGETA_VERSION} at ${binary} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
