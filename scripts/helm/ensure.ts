// `npm run helm:install`: builds (or confirms) the cached helm that infra/test/helm.test.ts lints
// and templates the chart with. CI runs it before `npm test`.
import { ensureHelm, HELM_VERSION } from "./helm.ts";

const started = Date.now();
const binary = await ensureHelm();
process.stderr.write(
  `[helm] helm ${HELM_VERSION} at ${binary} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
