#!/usr/bin/env node
/**
 * `node scripts/run-bundle.mjs cli|serve-cli [ARGS…]`: what `npm run cli` and `npm run serve`
 * run. Rebuilds the bundle when a source changed (build/node-bundles.mjs), then loads it in
 * this process, so a command-line call costs one Node start and no compilation: the
 * command line's CommonJS bundle through V8's code cache (build/code-cache.mjs).
 */
import { pathToFileURL } from 'node:url';
import { ensureNodeBundle, NODE_BUNDLES } from '../build/node-bundles.mjs';

const [name] = process.argv.splice(2, 1);
if (!Object.hasOwn(NODE_BUNDLES, name ?? '')) {
  console.error(`用法：node scripts/run-bundle.mjs ${Object.keys(NODE_BUNDLES).join('|')} [参数…]`);
  process.exit(2);
}
// Browser mode serves the UI: built first when missing or stale, as `npm start` does.
// (Imported only here: the command line does not pay for loading it.)
if (name === 'serve-cli') (await import('../build/renderer-build.mjs')).ensureRenderer();
const bundle = await ensureNodeBundle(name);
// The bundle reads its own arguments from process.argv, as when it is run directly.
if (bundle.endsWith('.cjs')) (await import('../build/code-cache.mjs')).runCommonJsBundle(bundle);
else await import(pathToFileURL(bundle).href);
