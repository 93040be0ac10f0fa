/**
 * The job workers start from the esbuild bundles too (build/build-electron.mjs): the
 * desktop's CommonJS main.cjs and browser mode's ES module serve-cli.mjs find
 * jobs-worker.cjs beside them.
 */
import { build, type BuildOptions } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testCore, withPeople } from '../support/temp';

const root = join(import.meta.dirname, '..', '..');
// Inside the repository, so that the bundles resolve better-sqlite3 from node_modules.
const out = join(root, '.test-output', `jobs-bundle-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', external: ['better-sqlite3'], logLevel: 'silent' };

describe('jobs from the bundles', () => {
  it('runs audit.verify and quick_check on workers from a CommonJS and an ES module bundle', async () => {
    mkdirSync(out, { recursive: true });
    await build({ ...common, format: 'cjs', entryPoints: [join(root, 'db', 'src', 'jobs', 'worker.ts')], outfile: join(out, 'jobs-worker.cjs') });
    await build({ ...common, format: 'cjs', entryPoints: [join(root, 'tests', 'support', 'jobs-bundle-entry.ts')], outfile: join(out, 'entry.cjs') });
    await build({
      ...common,
      format: 'esm',
      banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
      entryPoints: [join(root, 'tests', 'support', 'jobs-bundle-entry.ts')],
      outfile: join(out, 'entry.mjs'),
    });
    const core = testCore();
    await withPeople(core, { li: ['clerk'] });
    const dbPath = core.dbPath;
    core.close();
    for (const entry of ['entry.cjs', 'entry.mjs']) {
      const printed = execFileSync(process.execPath, [join(out, entry), dbPath], { encoding: 'utf8', timeout: 120_000 });
      const outcome = JSON.parse(printed.trim().split('\n').pop()!);
      expect(outcome.verified).toMatchObject({ ok: true });
      expect(outcome.verified.rows).toBeGreaterThan(0);
      expect(outcome.checked).toEqual(['ok']);
    }
  });
});
