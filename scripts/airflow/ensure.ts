// `npx tsx scripts/airflow/ensure.ts`: installs (or confirms) the pinned Apache Airflow
// environment in the cache and prints where it is. CI runs it before `npm test`.
import { ensureAirflow, findPython, PYTHON_INSTALL_HINT } from "./airflow.ts";

const python = findPython();
if (!python) {
  console.error(`No Python 3 found: ${PYTHON_INSTALL_HINT}`);
  process.exit(1);
}
const started = Date.now();
const airflow = await ensureAirflow();
process.stderr.write(
  `[airflow] Apache Airflow ${airflow.version} at ${airflow.airflowBin} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
