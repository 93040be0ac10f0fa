import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildNodeBundle, bundlePath, ensureNodeBundle, staleReason } from '../../build/node-bundles.mjs';
import { codeCachePath } from '../../build/code-cache.cjs';

/** A checkout of its own: electron/cli.ts importing one module. */
function checkout() {
  const root = mkdtempSync(join(tmpdir(), 'onewindow-bundle-'));
  mkdirSync(join(root, 'electron'));
  mkdirSync(join(root, 'db'));
  writeFileSync(join(root, 'db', 'answer.ts'), 'export const answer: number = 42;\n');
  writeFileSync(join(root, 'electron', 'cli.ts'), "import { answer } from '../db/answer';\nconsole.log(JSON.stringify({ answer, migrations: process.env.ONEWINDOW_MIGRATIONS_DIR }));\n");
  return root;
}

describe('the command-line bundle (npm run cli)', () => {
  it('is rebuilt when it is missing, when a source it holds changed or was removed, and not otherwise', async () => {
    const root = checkout();
    try {
      expect(staleReason('cli', root)).toMatch(/不存在/);
      await ensureNodeBundle('cli', root);
      expect(staleReason('cli', root)).toBeNull();

      const recorded = JSON.parse(readFileSync(join(root, 'dist', 'electron', 'cli.inputs.json'), 'utf8')).files;
      expect(Object.keys(recorded)).toEqual(expect.arrayContaining([join('electron', 'cli.ts'), join('db', 'answer.ts')]));

      // Saved again (a checkout of another branch does the same to the mtime).
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(root, 'db', 'answer.ts'), later, later);
      expect(staleReason('cli', root)).toMatch(/answer\.ts/);
      writeFileSync(join(root, 'db', 'answer.ts'), 'export const answer: number = 43;\n');
      await ensureNodeBundle('cli', root);
      expect(staleReason('cli', root)).toBeNull();

      const run = spawnSync(process.execPath, [bundlePath('cli', root)], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout).answer).toBe(43);

      rmSync(join(root, 'db', 'answer.ts'));
      expect(staleReason('cli', root)).toMatch(/answer\.ts/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('points the migrations folder at db/migrations of its checkout unless the host says otherwise', async () => {
    const root = checkout();
    try {
      await buildNodeBundle('cli', root);
      const env = { ...process.env };
      delete env.ONEWINDOW_MIGRATIONS_DIR;
      const run = spawnSync(process.execPath, [bundlePath('cli', root)], { encoding: 'utf8', env });
      expect(JSON.parse(run.stdout).migrations).toBe(join(root, 'db', 'migrations') + '/');
      const told = spawnSync(process.execPath, [bundlePath('cli', root)], { encoding: 'utf8', env: { ...env, ONEWINDOW_MIGRATIONS_DIR: '/elsewhere' } });
      expect(JSON.parse(told.stdout).migrations).toBe('/elsewhere');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('runs through a V8 code cache made by the first start and renewed when the bundle is rebuilt', async () => {
    const root = checkout();
    // What scripts/run-bundle.cjs does with the command line's CommonJS bundle.
    const launcher = pathToFileURL(join(import.meta.dirname, '..', '..', 'build', 'code-cache.cjs')).href;
    const start = () => {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(launcher)})).runCommonJsBundle(${JSON.stringify(bundlePath('cli', root))})`], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout).answer;
    };
    try {
      await buildNodeBundle('cli', root);
      const cache = codeCachePath(bundlePath('cli', root));
      expect(existsSync(cache)).toBe(false);
      expect(start()).toBe(42);
      expect(existsSync(cache)).toBe(true);
      const made = statSync(cache).mtimeMs;

      // Accepted: the next start does not write it again.
      expect(start()).toBe(42);
      expect(statSync(cache).mtimeMs).toBe(made);

      // A rebuilt bundle of the very same length (V8 compares only the length) runs its own code.
      writeFileSync(join(root, 'db', 'answer.ts'), 'export const answer: number = 43;\n');
      await buildNodeBundle('cli', root);
      expect(start()).toBe(43);
      expect(statSync(cache).mtimeMs).not.toBe(made);
      expect(start()).toBe(43);

      // A damaged cache is refused by V8 and only costs the speed.
      writeFileSync(cache, Buffer.concat([readFileSync(cache).subarray(0, readFileSync(cache).indexOf(10) + 1), Buffer.from('not a code cache')]));
      expect(start()).toBe(43);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
