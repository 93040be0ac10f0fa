/**
 * Playwright's global setup: the UI and the browser-mode bundle the tests start, built when
 * missing or stale, as `npm start` builds them (a fresh clone has neither).
 */
import { ensureNodeBundle } from '../../../build/node-bundles.mjs';
import { ensureRenderer } from '../../../build/renderer-build.mjs';

export default async function build(): Promise<void> {
  ensureRenderer();
  await ensureNodeBundle('serve-cli');
}
