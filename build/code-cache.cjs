/**
 * Runs a CommonJS bundle in this process the way Node's `require` would, but compiled with
 * a V8 code cache kept beside it (`<bundle>.v8cache`): V8 then reads the compiled code
 * instead of parsing and compiling the 2 MB bundle at every start (measured in
 * docs/performance.md). Node 20 has no module.enableCompileCache, and
 * vm.SourceTextModule (an ES module with cachedData) needs a flag, hence a CommonJS bundle
 * and vm.Script. CommonJS itself, like the launcher (scripts/run-bundle.cjs).
 *
 * The cache is written when the process exits after a start without a usable one, so it
 * holds the functions that run compiled too, not only the top level. Its first line names
 * the bundle (size, mtime, inode) and the Node build it was made for: a rebuilt bundle or
 * another Node ignores it and writes a new one. V8 checks its own version and flags too and
 * rejects a cache that does not match (cachedDataRejected), which counts as no cache.
 * A cache that cannot be written (a read-only folder) only costs the speed.
 */
'use strict';
const { closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

const codeCachePath = (bundle) => `${bundle}.v8cache`;

/** What a cache must have been made for: this bundle file and this Node build. */
function stampOf({ size, mtimeMs, ino }) {
  // V8 itself only compares the source's length: a rebuilt bundle of the same size must
  // not run the previous one's code. A build renames a new file into place (a new inode).
  return JSON.stringify({ size, mtimeMs, ino, node: process.version, arch: process.arch, v8: process.versions.v8 });
}

/** The cached data when the cache was made for `stamp`, else null. */
function readCache(path, stamp) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  const newline = bytes.indexOf(0x0a);
  if (newline < 0 || bytes.subarray(0, newline).toString('utf8') !== stamp) return null;
  return bytes.subarray(newline + 1);
}

function writeCache(path, stamp, data) {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(stamp + '\n', 'utf8'), data]));
    // Renamed into place: another start may be reading the cache, or writing it too.
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

/**
 * Loads `bundle` (a CommonJS file) as the main program: `require`, `module`, `__filename`
 * and `__dirname` as Node gives them. Not `import()`: a function V8 takes from the cache
 * has no loader for it (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the bundle is built
 * without any (build/node-bundles.mjs).
 */
function runCommonJsBundle(bundle) {
  // One open for the text, the size and the mtime, so that they belong to the same file.
  const fd = openSync(bundle, 'r');
  let source;
  let stamp;
  try {
    stamp = stampOf(fstatSync(fd));
    source = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const cachePath = codeCachePath(bundle);
  const cachedData = readCache(cachePath, stamp);
  // Node's own CommonJS wrapper, on the first line so that line numbers stay the bundle's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => writeCache(cachePath, stamp, script.createCachedData()));
  }
  const require = createRequire(bundle);
  const module = { exports: {}, filename: bundle, id: '.', loaded: false, children: [], paths: require.resolve.paths('') ?? [], require };
  script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));
  module.loaded = true;
  return module.exports;
}

module.exports = { codeCachePath, runCommonJsBundle };
