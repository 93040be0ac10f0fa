import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { writeJsonFileAtomic } from '../../electron/json-file';
import { writeArchivePdf } from '../../electron/printing';
import { ensureWritableDataDir } from '../../electron/data-dir';
import { ok, tempDir, testClock } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const mode = (path: string) => statSync(path).mode & 0o777;
const windows = process.platform === 'win32';
if (windows) console.log('file-modes: skipped on Windows, which has no POSIX modes (the data folder is in the per-user profile)');

describe.skipIf(windows)('files holding personal data are private to the account that runs the program', () => {
  it('a new data folder is 0700 and the database with its -wal and -shm 0600', () => {
    const dataDir = join(tempDir(), 'OneWindow');
    const dbPath = join(dataDir, 'onewindow.sqlite');
    const core = openCore({ dbPath, logger: quiet });
    try {
      core.db.prepare("INSERT INTO settings (key, value) VALUES ('x-test', '1') ON CONFLICT DO NOTHING").run();
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(dbPath)).toBe(0o600);
      expect(existsSync(`${dbPath}-wal`)).toBe(true);
      expect(mode(`${dbPath}-wal`)).toBe(0o600);
      expect(mode(`${dbPath}-shm`)).toBe(0o600);
    } finally {
      core.close();
    }
  });

  it('the desktop host creates the data folder 0700', () => {
    const dataDir = join(tempDir(), 'made-by-host');
    ensureWritableDataDir(dataDir);
    expect(mode(dataDir)).toBe(0o700);
  });

  it('backups, their notes and the backups folder are private', async () => {
    const dataDir = join(tempDir(), 'data');
    const core = openCore({ dbPath: join(dataDir, 'onewindow.sqlite'), logger: quiet });
    try {
      const info = await ok(core, 'backups.create', { note: '月底' });
      const dir = core.database.backupsDir;
      expect(mode(dir)).toBe(0o700);
      expect(mode(join(dir, info.file))).toBe(0o600);
      expect(mode(join(dir, `${info.file}.json`))).toBe(0o600);
    } finally {
      core.close();
    }
  });

  it('files an older version left readable by everyone are made private at start', async () => {
    const dataDir = join(tempDir(), 'data');
    const dbPath = join(dataDir, 'onewindow.sqlite');
    const first = openCore({ dbPath, logger: quiet });
    const info = await ok(first, 'backups.create', { note: '旧的' });
    first.close();
    const backups = join(dataDir, 'backups');
    const pdfDir = join(dataDir, 'archive', '2026', 'C20260302001');
    mkdirSync(pdfDir, { recursive: true, mode: 0o755 });
    writeFileSync(join(pdfDir, 'receipt-20260302-090000.pdf'), '%PDF', { mode: 0o644 });
    writeFileSync(join(dataDir, 'scheduler-state.json'), '{}', { mode: 0o644 });
    writeFileSync(join(dataDir, 'recovery-lockout.json'), '{}', { mode: 0o644 });
    chmodSync(join(dataDir, 'onewindow.audit-anchor.json'), 0o644);
    writeFileSync(join(dataDir, 'notes-of-the-administrator.txt'), 'not ours', { mode: 0o644 });
    for (const p of [dataDir, backups, join(dataDir, 'archive'), join(dataDir, 'archive', '2026'), pdfDir]) chmodSync(p, 0o755);
    for (const p of [dbPath, join(backups, info.file), join(backups, `${info.file}.json`), join(pdfDir, 'receipt-20260302-090000.pdf'), join(dataDir, 'scheduler-state.json')]) {
      chmodSync(p, 0o644);
    }

    const core = openCore({ dbPath, logger: quiet });
    try {
      for (const p of [dataDir, backups, join(dataDir, 'archive'), join(dataDir, 'archive', '2026'), pdfDir]) expect([p, mode(p)]).toEqual([p, 0o700]);
      for (const p of [
        dbPath,
        join(backups, info.file),
        join(backups, `${info.file}.json`),
        join(pdfDir, 'receipt-20260302-090000.pdf'),
        join(dataDir, 'scheduler-state.json'),
        join(dataDir, 'recovery-lockout.json'),
        join(dataDir, 'onewindow.audit-anchor.json'),
      ]) {
        expect([p, mode(p)]).toEqual([p, 0o600]);
      }
      // Someone else's file in the folder is not the program's to change.
      expect(mode(join(dataDir, 'notes-of-the-administrator.txt'))).toBe(0o644);
    } finally {
      core.close();
    }
  });

  it('export folders and their files are private, whatever the export folder allows', async () => {
    const clock = testClock('2026-03-03T10:00:00+08:00');
    const dataDir = join(tempDir(), 'data');
    const core = openCore({ dbPath: join(dataDir, 'onewindow.sqlite'), logger: quiet, now: clock.now });
    try {
      const exportDir = tempDir('onewindow-exports-');
      chmodSync(exportDir, 0o755);
      await ok(core, 'settings.update', { exportDir });
      await ok(core, 'exports.run', { kind: 'ledger', period: '2026-03-02' });
      const [folder] = readdirSync(exportDir);
      expect(folder).toBeDefined();
      expect(mode(join(exportDir, folder!))).toBe(0o700);
      const files = readdirSync(join(exportDir, folder!));
      expect(files).toContain('manifest.json');
      for (const f of files) expect([f, mode(join(exportDir, folder!, f))]).toEqual([f, 0o600]);
    } finally {
      core.close();
    }
  });

  it('printed-document archive copies and the hosts state files are private', () => {
    const dataDir = tempDir();
    chmodSync(dataDir, 0o755);
    const pdf = join(dataDir, 'archive', '2026', 'C1', 'receipt-20260302-090000.pdf');
    writeArchivePdf(pdf, Buffer.from('%PDF-1.7'));
    expect(mode(pdf)).toBe(0o600);
    expect(mode(join(dataDir, 'archive'))).toBe(0o700);
    expect(mode(join(dataDir, 'archive', '2026', 'C1'))).toBe(0o700);
    const state = join(dataDir, 'scheduler-state.json');
    writeJsonFileAtomic(state, { x: 1 });
    expect(mode(state)).toBe(0o600);
  });
});
