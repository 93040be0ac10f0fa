#!/usr/bin/env node
/**
 * `node scripts/run-bundle.cjs cli|serve-cli|server-cli [ARGS…]`: what `npm run cli`, `npm run
 * serve` and `npm run server` run. Rebuilds the bundle when a source changed (build/node-bundles.mjs), then loads it in
 * this process, so a command-line call costs one Node start and no compilation: the
 * command line's CommonJS bundle through V8's code cache (build/code-cache.cjs).
 *
 * CommonJS, and only CommonJS on the command line's way when its bundle is up to date:
 * starting Node's ES module loader for the launcher was a measurable part of a call.
 */
'use strict';
const { pathToFileURL } = require('node:url');
const { NODE_BUNDLES, bundlePath, staleReason } = require('../build/bundle-freshness.cjs');

const [name] = process.argv.splice(2, 1);
if (!Object.hasOwn(NODE_BUNDLES, name ?? '')) {
  console.error(`用法：node scripts/run-bundle.cjs ${Object.keys(NODE_BUNDLES).join('|')} [参数…]`);
  process.exit(2);
}

// The bundle reads its own arguments from process.argv, as when it is run directly.
function run(bundle) {
  if (bundle.endsWith('.cjs')) require('../build/code-cache.cjs').runCommonJsBundle(bundle);
  else return import(pathToFileURL(bundle).href);
}

// Browser mode and the centre server serve the UI: built first when missing or stale, as `npm start` does.
const servesUi = name === 'serve-cli' || name === 'server-cli';
if (servesUi || staleReason(name)) {
  void (async () => {
    if (servesUi) (await import('../build/renderer-build.mjs')).ensureRenderer();
    await run(await (await import('../build/node-bundles.mjs')).ensureNodeBundle(name));
  })();
} else {
  run(bundlePath(name));
}
