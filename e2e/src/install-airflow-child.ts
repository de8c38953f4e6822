// A stand-in for the Skyport worker's install step, run as its own process so a test can kill it
// with SIGKILL mid-install: installs a local runtime's Airflow environment (the same packages a
// deployment gets) under the root given as argv[2], for the version in argv[3], and prints each
// phase as `phase <name>` on stdout.
import { ensureAirflowEnvironment, runtimeRequirements } from "@skyport/local-runtime/install";

const [root, version] = process.argv.slice(2);
if (!root || !version) {
  process.stderr.write("usage: install-airflow-child <root> <airflow version>\n");
  process.exit(2);
}
await ensureAirflowEnvironment(
  { airflow: version, requirements: runtimeRequirements(version) },
  {
    root,
    python: process.env.SKYPORT_PYTHON ?? "python3",
    onPhase: (phase) => {
      process.stdout.write(`phase ${phase}\n`);
    },
  },
);
process.stdout.write("installed\n");
