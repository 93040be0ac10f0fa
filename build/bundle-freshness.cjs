/**
 * Where the Node bundles are and whether they are up to date: the part of
 * build/node-bundles.mjs that every start runs. CommonJS, so that the launcher
 * (scripts/run-bundle.cjs) loads it without Node's ES module loader, whose start was a
 * measurable part of a command-line call (docs/performance.md).
 */
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');

const ROOT = dirname(__dirname);

const NODE_BUNDLES = {
  cli: 'electron/cli.ts',
  'serve-cli': 'electron/serve-cli.ts',
  'server-cli': 'electron/server-cli.ts',
};

/**
 * The command line is CommonJS: the launcher then compiles it through vm.Script with a V8
 * code cache (build/code-cache.cjs), which Node 20 offers for scripts but not for ES
 * modules; compiling the bundle was half of a call's time. Browser mode, a long-running
 * server, stays an ES module.
 */
const FORMATS = { cli: 'cjs', 'serve-cli': 'esm' };
const formatOf = (name) => FORMATS[name] ?? 'esm';

/** `root`: the checkout (tests point it at a folder of their own). */
const bundlePath = (name, root = ROOT) => join(root, 'dist', 'electron', `${name}.${formatOf(name) === 'cjs' ? 'cjs' : 'mjs'}`);
const inputsPath = (name, root = ROOT) => join(root, 'dist', 'electron', `${name}.inputs.json`);

/** `path` relative to `root`, as recorded (already normal: no join needed, which is most of the check's time). */
function mtimeOf(root, path) {
  return statSync(root + sep + path, { throwIfNoEntry: false })?.mtimeMs ?? null;
}

/** Why the bundle must be rebuilt, or null when it is up to date. */
function staleReason(name, root = ROOT) {
  if (mtimeOf(root, relative(root, bundlePath(name, root))) === null) return `${relative(root, bundlePath(name, root))} 不存在`;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(inputsPath(name, root), 'utf8'));
  } catch {
    return `${relative(root, inputsPath(name, root))} 不存在或无法读取`;
  }
  for (const [path, mtime] of Object.entries(recorded.files ?? {})) {
    if (mtimeOf(root, path) !== mtime) return `${path} 已更改`;
  }
  return null;
}

module.exports = { ROOT, NODE_BUNDLES, formatOf, bundlePath, inputsPath, mtimeOf, staleReason };
