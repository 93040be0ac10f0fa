/**
 * The command line (electron/cli.ts, CommonJS: see FORMATS) and browser mode
 * (electron/serve-cli.ts, an ES module) as one file each in dist/electron, which
 * `npm run cli`, `npm run serve` and `npm start` run: loading one file takes a fraction of
 * the time tsx takes to compile the sources at each start (measured in docs/performance.md).
 *
 * Each build writes beside the bundle the list of its source files with their mtimes
 * (from esbuild's metafile); `ensureNodeBundle` compares them before a start and rebuilds
 * when one changed, was removed, or the installed packages changed. That check
 * (build/bundle-freshness.cjs) reads one small JSON file and stats the sources: esbuild
 * itself is only loaded to rebuild.
 *
 * better-sqlite3 stays external (a native module). So do the export libraries, which
 * db/src/exports imports dynamically: Node loads them from node_modules at the first
 * export, and a start neither parses nor runs them (exceljs alone is 3 MB of the 5 MB a
 * bundle holding them measured).
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import freshness from './bundle-freshness.cjs';

const { ROOT, NODE_BUNDLES, formatOf, bundlePath, inputsPath, mtimeOf, staleReason } = freshness;
export { NODE_BUNDLES, bundlePath, staleReason };

/** Besides the sources: what else changes a bundle when it changes. */
const ALSO_WATCHED = ['build/node-bundles.mjs', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json'];

const EXPORT_LIBRARIES = ['exceljs', 'jszip', 'iconv-lite'];

/**
 * Packages that do a lot of work when they load (pinyin-pro builds its dictionaries,
 * lunar-typescript its tables: together about a tenth of a command-line call) and that
 * only some calls use (a resident's or an item's pinyin, the statutory holidays), with the
 * names the sources import from them. In the command line's bundle each name is a stand-in
 * that loads the package at its first use (lazyPackages); browser mode, the desktop's
 * bundle and the sources import them as usual. A source importing a name not listed here fails the build.
 */
const LAZY_PACKAGES = { 'pinyin-pro': ['pinyin'], 'lunar-typescript': ['Lunar'] };

/**
 * The stand-in loads the package (still bundled: esbuild evaluates a module reached by
 * require() only when that require runs) at the first call, `new`, or property read, so a
 * function, a class and its static methods behave as themselves.
 */
function lazyPackages(root) {
  const escape = (p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const filter = new RegExp(`^(${Object.keys(LAZY_PACKAGES).map(escape).join('|')})$`);
  return {
    name: 'lazy-packages',
    setup(b) {
      // The stand-in's own require of the package resolves as usual.
      b.onResolve({ filter }, (args) => (args.namespace === 'lazy-package' ? undefined : { path: args.path, namespace: 'lazy-package' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
        resolveDir: root,
        loader: 'js',
        contents: [
          'let loaded;',
          `const real = (name) => (loaded ??= require(${JSON.stringify(args.path)}))[name];`,
          'const standIn = (name) => new Proxy(function () {}, {',
          "  get: (_, key) => { const r = real(name); const v = r[key]; return typeof v === 'function' && key !== 'constructor' ? v.bind(r) : v; },",
          '  has: (_, key) => key in real(name),',
          '  apply: (_, self, args) => Reflect.apply(real(name), self, args),',
          '  construct: (_, args) => Reflect.construct(real(name), args),',
          '});',
          ...LAZY_PACKAGES[args.path].map((name) => `export const ${name} = standIn(${JSON.stringify(name)});`),
        ].join('\n'),
      }));
    },
  };
}

/** Worker entry points built beside every bundle: the long jobs' runner and the demo generator's. */
const WORKERS = [
  { entry: 'db/src/jobs/worker.ts', out: 'jobs-worker.cjs', format: 'cjs' },
  { entry: 'db/src/demo/worker.ts', out: 'demo-worker.mjs', format: 'esm' },
];

function workerOptions(root, w) {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: w.format,
    external: ['electron', 'better-sqlite3'],
    ...(w.format === 'esm'
      ? { banner: { js: "import { createRequire as __onewindowRequire } from 'node:module'; const require = __onewindowRequire(import.meta.url);" } }
      : { logOverride: { 'empty-import-meta': 'silent' } }),
    entryPoints: [join(root, w.entry)],
    outfile: join(root, 'dist', 'electron', w.out),
  };
}

function writeAtomically(path, contents) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

export async function buildNodeBundle(name, root = ROOT) {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: formatOf(name),
    external: ['better-sqlite3', ...EXPORT_LIBRARIES],
    // The command line only: a fifth less text to read at each start (names are kept, so
    // stack traces still read), and pinyin and the lunar calendar loaded by the calls that
    // use them. Browser mode, a server, keeps paying them once at its start rather than at
    // a clerk's first registration.
    ...(name === 'cli' ? { minifyWhitespace: true, minifySyntax: true, plugins: [lazyPackages(root)] } : {}),
    sourcemap: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
    // ESM for top-level await (browser mode); `require` for the CommonJS packages it bundles;
    // the migrations beside the sources (db/src/database/migrations.ts would otherwise look
    // for them relative to the bundle).
    ...(formatOf(name) === 'cjs'
      ? {
          banner: {
            js: "process.env.ONEWINDOW_MIGRATIONS_DIR ??= require('node:url').fileURLToPath(new URL('../../db/migrations/', require('node:url').pathToFileURL(__filename)));",
          },
          // import.meta is empty in CommonJS: the sources fall back to __filename where they use it.
          logOverride: { 'empty-import-meta': 'silent' },
          // The export libraries' import() as require(): functions V8 takes from the code cache
          // have no loader for import() (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), and the
          // libraries are CommonJS anyway. Still loaded at the first export only.
          supported: { 'dynamic-import': false },
        }
      : {
          banner: {
            js: [
              "import { createRequire as __onewindowRequire } from 'node:module';",
              "import { fileURLToPath as __onewindowPath } from 'node:url';",
              'const require = __onewindowRequire(import.meta.url);',
              "process.env.ONEWINDOW_MIGRATIONS_DIR ??= __onewindowPath(new URL('../../db/migrations/', import.meta.url));",
            ].join('\n'),
          },
        }),
    entryPoints: [join(root, NODE_BUNDLES[name])],
    outfile: bundlePath(name, root),
  });
  // The worker threads the bundle starts are looked for beside it (db/src/jobs/run-job.ts,
  // db/src/demo/worker-client.ts): built with it, and watched with it.
  const workers = await Promise.all(WORKERS.filter((w) => existsSync(join(root, w.entry))).map((w) => build({ ...workerOptions(root, w), metafile: true, write: false, logLevel: 'warning', sourcemap: true })));
  const files = {};
  const sources = [result, ...workers]
    .flatMap((r) => Object.keys(r.metafile.inputs))
    // (lazy-package:… are the stand-ins made above, not files)
    .filter((p) => !p.startsWith('lazy-package:'))
    .map((p) => relative(root, resolve(root, p)))
    .filter((p) => !p.split(/[\\/]/).includes('node_modules'));
  for (const path of [...sources, ...ALSO_WATCHED]) {
    const mtime = mtimeOf(root, path);
    // A file saved while esbuild read it may be in the bundle in its older state: record
    // it as changed so that the next start builds again. (Saved in the millisecond the
    // build started counts as before it: a test writes a file and builds at once.)
    files[path] = mtime !== null && Math.floor(mtime) > startedAt ? -1 : mtime;
  }
  mkdirSync(dirname(bundlePath(name, root)), { recursive: true });
  // Renamed into place: another start may be reading the bundle, or building it too.
  for (const file of [result, ...workers].flatMap((r) => r.outputFiles)) writeAtomically(file.path, file.contents);
  writeAtomically(inputsPath(name, root), JSON.stringify({ entry: NODE_BUNDLES[name], files }, null, 1) + '\n');
  return bundlePath(name, root);
}

/** The bundle's path, built first when a source changed. */
export async function ensureNodeBundle(name, root = ROOT) {
  const reason = staleReason(name, root);
  if (reason) {
    // Only on a terminal: scripts read the command line's stderr as JSON.
    if (process.stderr.isTTY) process.stderr.write(`正在构建 ${relative(root, bundlePath(name, root))}（${reason}）…\n`);
    await buildNodeBundle(name, root);
  }
  return bundlePath(name, root);
}
