#!/usr/bin/env node
/**
 * Bundles the desktop host (main process, core process and preloads) into dist/electron as
 * CommonJS, and browser mode and the command line (build/node-bundles.mjs), which
 * `npm start`, `npm run serve` and `npm run cli` run.
 * better-sqlite3 stays external: it is a native module rebuilt for Electron's ABI.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeBundle, NODE_BUNDLES } from './node-bundles.mjs';

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
// The core process main forks with utilityProcess (the database, the dispatcher, the services).
await build({ ...common, entryPoints: [join(root, 'electron', 'core-process.ts')], outfile: join(root, 'dist', 'electron', 'core-process.cjs') });
// A sandboxed preload may require only 'electron': bundle it on its own.
await build({ ...common, entryPoints: [join(root, 'electron', 'preload.ts')], outfile: join(root, 'dist', 'electron', 'preload.cjs') });
await build({ ...common, entryPoints: [join(root, 'electron', 'startup-preload.ts')], outfile: join(root, 'dist', 'electron', 'startup-preload.cjs') });
// Server mode's tray icon (electron/server-tray.ts), beside main.cjs.
mkdirSync(join(root, 'dist', 'electron'), { recursive: true });
copyFileSync(join(root, 'build', 'icons', '32x32.png'), join(root, 'dist', 'electron', 'tray.png'));
// Browser mode, the command line and the worker threads they and main.cjs start (long
// jobs: jobs-worker.cjs; the demo generator: demo-worker.mjs), see build/node-bundles.mjs.
for (const name of Object.keys(NODE_BUNDLES)) await buildNodeBundle(name);
