#!/usr/bin/env node
/**
 * `node scripts/run-bundle.mjs cli|serve-cli [ARGS…]`: what `npm run cli` and `npm run serve`
 * run. Rebuilds the bundle when a source changed (build/node-bundles.mjs), then loads it in
 * this process, so a command-line call costs one Node start and no compilation.
 */
import { pathToFileURL } from 'node:url';
import { ensureNodeBundle, NODE_BUNDLES } from '../build/node-bundles.mjs';
import { ensureRenderer } from '../build/renderer-build.mjs';

const [name] = process.argv.splice(2, 1);
if (!Object.hasOwn(NODE_BUNDLES, name ?? '')) {
  console.error(`用法：node scripts/run-bundle.mjs ${Object.keys(NODE_BUNDLES).join('|')} [参数…]`);
  process.exit(2);
}
// Browser mode serves the UI: built first when missing or stale, as `npm start` does.
if (name === 'serve-cli') ensureRenderer();
// The bundle reads its own arguments from process.argv, as when it is run directly.
await import(pathToFileURL(await ensureNodeBundle(name)).href);
