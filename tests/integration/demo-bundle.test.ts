/**
 * The hosts run bundles (build/build-electron.mjs): the desktop main process as CommonJS,
 * browser mode as an ES module, with the demo generator's worker thread as
 * demo-worker.mjs beside them. A two-thread seed from either bundle finds its worker and
 * gives the same data as the sources on one thread.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it, onTestFinished } from 'vitest';
import { seedDatabase } from '../../db/src/demo/generate';

const root = fileURLToPath(new URL('../../', import.meta.url));
const esmRequire = "import { createRequire as __onewindowRequire } from 'node:module'; const require = __onewindowRequire(import.meta.url);";
const SIZE = { residents: 60, cases: 90, seed: 'bundle', until: '2026-11-20' };

describe('demo generator in the hosts’ bundles', () => {
  it('finds its worker beside a CommonJS and an ES module bundle and seeds the same data', async () => {
    // Inside the project, so that the bundles resolve better-sqlite3 from its node_modules.
    mkdirSync(join(root, 'dist'), { recursive: true });
    const dir = mkdtempSync(join(root, 'dist', 'test-demo-bundle-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const common = { bundle: true, platform: 'node' as const, target: 'node20', logLevel: 'warning' as const, logOverride: { 'empty-import-meta': 'silent' as const } };
    await build({ ...common, format: 'esm', banner: { js: esmRequire }, entryPoints: [join(root, 'db', 'src', 'demo', 'worker.ts')], outfile: join(dir, 'demo-worker.mjs') });
    const entry = join(dir, 'probe.ts');
    writeFileSync(
      entry,
      `import { seedDatabase } from ${JSON.stringify(join(root, 'db', 'src', 'demo', 'generate.ts'))};
       const [dbPath, migrationsDir] = process.argv.slice(2);
       const r = seedDatabase({ dbPath: dbPath!, migrationsDir: migrationsDir!, threads: 2, ...${JSON.stringify(SIZE)} });
       console.log(JSON.stringify({ cases: r.cases, head: r.auditHead }));`,
    );
    await build({ ...common, format: 'cjs', external: ['better-sqlite3'], entryPoints: [entry], outfile: join(dir, 'probe.cjs') });
    await build({ ...common, format: 'esm', external: ['better-sqlite3'], banner: { js: esmRequire }, entryPoints: [entry], outfile: join(dir, 'probe.mjs') });

    const expected = seedDatabase({ dbPath: join(dir, 'source.sqlite'), threads: 1, ...SIZE });
    for (const bundle of ['probe.cjs', 'probe.mjs']) {
      const out = execFileSync(process.execPath, [join(dir, bundle), join(dir, `${bundle}.sqlite`), join(root, 'db', 'migrations')], {
        encoding: 'utf8',
        timeout: 240_000,
      });
      expect(JSON.parse(out.trim().split('\n').pop()!), bundle).toEqual({ cases: 90, head: expected.auditHead });
    }
  }, 300_000);
});
