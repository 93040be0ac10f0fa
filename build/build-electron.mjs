#!/usr/bin/env node
/**
 * Bundles the desktop host (main process and preload) into dist/electron as CommonJS, and
 * browser mode (electron/serve-cli.ts) as one ES module, which `npm start` runs: loading
 * one file starts in a fraction of the time tsx takes to compile the sources at each start.
 * better-sqlite3 stays external: it is a native module rebuilt for Electron's ABI.
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron', 'better-sqlite3'],
  sourcemap: true,
  logLevel: 'warning',
  // The main process passes the migrations folder explicitly, so the empty import.meta is harmless.
  logOverride: { 'empty-import-meta': 'silent' },
};
await build({ ...common, entryPoints: [join(root, 'electron', 'main.ts')], outfile: join(root, 'dist', 'electron', 'main.cjs') });
// A sandboxed preload may require only 'electron': bundle it on its own.
await build({ ...common, entryPoints: [join(root, 'electron', 'preload.ts')], outfile: join(root, 'dist', 'electron', 'preload.cjs') });
await build({ ...common, entryPoints: [join(root, 'electron', 'startup-preload.ts')], outfile: join(root, 'dist', 'electron', 'startup-preload.cjs') });
// Long jobs (exports, backups, audit.verify) run on worker threads from this file, beside
// main.cjs and serve-cli.mjs (db/src/jobs/run-job.ts looks for it there).
await build({ ...common, entryPoints: [join(root, 'db', 'src', 'jobs', 'worker.ts')], outfile: join(root, 'dist', 'electron', 'jobs-worker.cjs') });
// Browser mode: ESM for its top-level await; `require` for the CommonJS packages it bundles.
await build({
  ...common,
  format: 'esm',
  external: ['better-sqlite3'],
  banner: { js: "import { createRequire as __onewindowRequire } from 'node:module'; const require = __onewindowRequire(import.meta.url);" },
  entryPoints: [join(root, 'electron', 'serve-cli.ts')],
  outfile: join(root, 'dist', 'electron', 'serve-cli.mjs'),
});
// The demo generator's worker thread (db/src/demo/worker-client.ts looks for it beside the bundle).
await build({
  ...common,
  format: 'esm',
  external: [],
  banner: { js: "import { createRequire as __onewindowRequire } from 'node:module'; const require = __onewindowRequire(import.meta.url);" },
  entryPoints: [join(root, 'db', 'src', 'demo', 'worker.ts')],
  outfile: join(root, 'dist', 'electron', 'demo-worker.mjs'),
});
