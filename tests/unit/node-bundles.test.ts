import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNodeBundle, bundlePath, ensureNodeBundle, staleReason } from '../../build/node-bundles.mjs';

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
});
