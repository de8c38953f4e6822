// `npm run statsd-exporter:install`: builds (or confirms) the cached statsd_exporter. CI runs it
// before `npm test` when Go is there.
import { ensureStatsdExporter } from "./statsd-exporter.ts";

process.stderr.write(`[statsd_exporter] ${await ensureStatsdExporter()}\n`);
