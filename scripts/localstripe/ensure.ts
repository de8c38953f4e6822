// `npm run localstripe:install`: installs (or confirms) the pinned localstripe that the billing
// protocol tests also run against (apps/web/test/billing-stripe-servers.test.ts). CI runs it
// before `npm test`.
import { ensureLocalstripe, LOCALSTRIPE_VERSION } from "./localstripe.ts";

const started = Date.now();
const command = await ensureLocalstripe();
process.stderr.write(
  `[localstripe] localstripe ${LOCALSTRIPE_VERSION} at ${command} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
