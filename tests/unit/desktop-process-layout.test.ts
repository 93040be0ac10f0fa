/**
 * The desktop's process layout, checked on the bundles build/build-electron.mjs makes (same
 * esbuild options): the main process holds no database code (no SQLite, no dispatcher, no
 * handlers), the core process holds createApp. A main that imported the core again would
 * run the database on the thread that draws the windows.
 */
import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function metafileOf(entry: string): Promise<Metafile> {
  const result = await build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron', 'better-sqlite3'],
    logLevel: 'silent',
    write: false,
    metafile: true,
    entryPoints: [join(root, entry)],
    outfile: join(root, 'dist', 'electron', 'layout-check.cjs'),
  });
  return result.metafile;
}

const importsOf = (meta: Metafile) => Object.values(meta.outputs).flatMap((o) => o.imports.map((i) => i.path));

describe('desktop process layout', () => {
  it('main.cjs: windows, printing and the port to the core process; no database code', async () => {
    const meta = await metafileOf('electron/main.ts');
    const fromDb = Object.keys(meta.inputs).filter((p) => p.startsWith('db/'));
    // Pure helpers only: the backups folder's name (menu), error codes, China time, private file modes (window state).
    expect(fromDb.sort()).toEqual(['db/src/backups/files.ts', 'db/src/database/private-files.ts', 'db/src/kernel/errors.ts', 'db/src/shared/china-time.ts']);
    expect(importsOf(meta)).not.toContain('better-sqlite3');
    expect(Object.keys(meta.inputs)).toEqual(expect.arrayContaining(['electron/core-client.ts', 'electron/security.ts']));
  }, 60_000);

  it('core-process.cjs: createApp and the serving side, no window code', async () => {
    const meta = await metafileOf('electron/core-process.ts');
    expect(Object.keys(meta.inputs)).toEqual(expect.arrayContaining(['db/src/app.ts', 'db/src/handlers.ts', 'electron/core-serve.ts', 'electron/core-session.ts']));
    expect(importsOf(meta)).toContain('better-sqlite3');
    expect(Object.keys(meta.inputs)).not.toContain('electron/main.ts');
    expect(importsOf(meta)).not.toContain('electron');
  }, 60_000);
});
