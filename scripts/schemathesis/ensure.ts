// `npm run schemathesis:install`: installs (or confirms) the pinned schemathesis that
// e2e/tests/api-fuzz.test.ts fuzzes the REST API with. CI runs it before `npm test`.
import { ensureSchemathesis, SCHEMATHESIS_VERSION } from "./schemathesis.ts";

const started = Date.now();
const command = await ensureSchemathesis();
process.stderr.write(
  `[schemathesis] schemathesis ${SCHEMATHESIS_VERSION} at ${command} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
