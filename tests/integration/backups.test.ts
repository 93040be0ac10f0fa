import Database from 'better-sqlite3';
import { existsSync, openSync, readdirSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { verifyChain } from '../../db/src/kernel/audit-chain';
import { createBackupSync, rotateBackups } from '../../db/src/backups/backups';
import { ensureDailyBackup } from '../../db/src/backups/daily';
import { backupsDirFor, parseBackupName } from '../../db/src/backups/files';
import { idCheckCharacter } from '../../db/src/shared/id-number';
import { ADMIN, dbAtVersion, testClock, testCore, withPeople } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** A valid identity number, different for every n. */
function idNumber(n: number): string {
  const first17 = `310101${19800101 + (n % 28)}${String(100 + n).slice(-3)}`;
  return first17 + idCheckCharacter(first17);
}

const names = (db: Database.Database) => (db.prepare('SELECT name FROM residents ORDER BY id').all() as { name: string }[]).map((r) => r.name);

function lastAudit(db: Database.Database) {
  return db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1').get() as { handler: string; action: string; detail: string | null; actor_name: string | null };
}

/** Overwrites bytes from the second page on, as a failing disk sector would. */
function damage(path: string, from = 4096, length = 16 * 1024): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, from);
  closeSync(fd);
}

async function setup() {
  const clock = testClock('2026-11-22T09:30:15+08:00');
  const core = testCore({ now: clock.now });
  const people = await withPeople(core, { li: ['clerk'] });
  return { clock, core, ...people };
}

describe('backups', () => {
  it('round trip: create, list, verify, restore; later data gone, earlier data back, a copy kept first', async () => {
    const { core, as, asErr, tokens } = await setup();
    await as('li', 'residents.register', { idNumber: idNumber(1), name: '张三' });

    const made = await as('admin', 'backups.create', { note: '月末' });
    expect(made).toMatchObject({ file: 'onewindow-20261122-093015-manual.sqlite', kind: 'manual', note: '月末' });
    expect(made.size).toBeGreaterThan(0);
    const dir = backupsDirFor(core.dbPath);
    // Only whole, finished files: no temporary names left behind.
    expect(readdirSync(dir).filter((f) => !f.endsWith('.json'))).toEqual([made.file]);

    await as('li', 'residents.register', { idNumber: idNumber(2), name: '李四' });
    expect(names(core.db)).toEqual(['张三', '李四']);

    const list = await as('admin', 'backups.list');
    expect(list).toEqual([expect.objectContaining({ file: made.file, kind: 'manual', size: made.size, schemaVersion: core.db.pragma('user_version', { simple: true }) })]);
    expect(await as('admin', 'backups.verify', { file: made.file })).toMatchObject({ ok: true, problems: [], newerThanProgram: false });

    const restored = await as('admin', 'backups.restore', { file: made.file });
    expect(restored).toMatchObject({ restoredFrom: made.file, migrated: false, signedOut: true });
    expect(parseBackupName(restored.preRestoreBackup)?.kind).toBe('pre-restore');

    // The data written after the backup is gone; the data before it is there.
    expect(names(core.db)).toEqual(['张三']);
    // Everyone signs in again: the restored users table may differ.
    expect((await asErr('admin', 'accounts.me')).code).toBe('UNAUTHENTICATED');
    expect((await core.dispatch('accounts.me', {}, tokens.li!)).ok).toBe(false);
    const token = await core.login(ADMIN.username, ADMIN.password);

    // The pre-restore copy holds what the restore replaced.
    const kept = new Database(join(dir, restored.preRestoreBackup), { readonly: true });
    expect(names(kept)).toEqual(['张三', '李四']);
    expect(verifyChain(kept).ok).toBe(true);
    const keptLast = kept.prepare("SELECT action FROM audit_log WHERE handler = 'backups.restore'").get() as { action: string };
    expect(keptLast.action).toBe('restore_requested');
    kept.close();

    // The restored database's chain verifies and records the restore.
    expect(verifyChain(core.db).ok).toBe(true);
    const row = core.db.prepare("SELECT * FROM audit_log WHERE handler = 'backups.restore' AND action = 'restore'").get() as {
      actor_name: string;
      detail: string;
    };
    expect(row.actor_name).toBe(ADMIN.displayName);
    expect(JSON.parse(row.detail)).toMatchObject({ restoredFrom: made.file, preRestoreBackup: restored.preRestoreBackup, by: { username: 'admin' } });
    const check = await core.dispatch('audit.verify', {}, token);
    expect(check).toMatchObject({ ok: true, result: { ok: true } });

    // Backups are audited in the database they were taken from.
    const listed = (await core.dispatch('backups.list', {}, token)) as { ok: true; result: { kind: string }[] };
    expect(listed.result.map((b) => b.kind).sort()).toEqual(['manual', 'pre-restore']);
    const created = core.db.prepare("SELECT detail FROM audit_log WHERE handler = 'backups.create'").get() as { detail: string } | undefined;
    // That row was written after the copy was made, so the restored copy does not hold it;
    // the pre-restore copy does.
    expect(created).toBeUndefined();
    const again = new Database(join(dir, restored.preRestoreBackup), { readonly: true });
    const createdRow = again.prepare("SELECT detail FROM audit_log WHERE handler = 'backups.create'").get() as { detail: string };
    expect(JSON.parse(createdRow.detail)).toMatchObject({ kind: 'manual', note: '月末' });
    again.close();
  });

  it('names two backups in the same second apart, and lists newest first', async () => {
    const { as, clock } = await setup();
    const a = await as('admin', 'backups.create');
    const b = await as('admin', 'backups.create');
    clock.advanceMinutes(1);
    const c = await as('admin', 'backups.create');
    expect([a.file, b.file, c.file]).toEqual([
      'onewindow-20261122-093015-manual.sqlite',
      'onewindow-20261122-093015-manual-2.sqlite',
      'onewindow-20261122-093115-manual.sqlite',
    ]);
    expect((await as('admin', 'backups.list')).map((x: { file: string }) => x.file)).toEqual([c.file, b.file, a.file]);
  });

  it('keeps daily backups 30 days and the last 10 pre-migration ones; never removes manual or pre-restore ones', async () => {
    const { core, clock, as } = await setup();
    const dir = backupsDirFor(core.dbPath);
    const manual = await as('admin', 'backups.create');
    const first = await ensureDailyBackup(core, clock.now());
    expect(first?.kind).toBe('daily');
    // One per China date: a second call the same day does nothing.
    clock.advanceMinutes(60);
    expect(await ensureDailyBackup(core, clock.now())).toBeNull();
    for (let day = 1; day < 40; day++) {
      clock.advanceMinutes(24 * 60);
      expect((await ensureDailyBackup(core, clock.now()))?.kind).toBe('daily');
    }
    const dailies = readdirSync(dir).filter((f) => parseBackupName(f)?.kind === 'daily').sort();
    expect(dailies).toHaveLength(30);
    // 40 days from 2026-11-22 end on 2026-12-31; the oldest kept is 30 dates back.
    expect(dailies[0]).toMatch(/^onewindow-20261202-/);
    expect(dailies[29]).toMatch(/^onewindow-20261231-/);

    for (let i = 0; i < 12; i++) createBackupSync(core.db, dir, 'pre-migration', new Date(Date.UTC(2026, 0, 1 + i)));
    rotateBackups(dir, clock.now());
    const pre = readdirSync(dir).filter((f) => parseBackupName(f)?.kind === 'pre-migration').sort();
    expect(pre).toHaveLength(10);
    expect(pre[0]).toMatch(/^onewindow-20260103-/);

    expect(existsSync(join(dir, manual.file))).toBe(true);
    // Daily backups are audited as the system's doing.
    const daily = core.db.prepare("SELECT actor_id, detail FROM audit_log WHERE handler = 'backups.daily' LIMIT 1").get() as { actor_id: null; detail: string };
    expect(daily.actor_id).toBeNull();
    expect(JSON.parse(daily.detail)).toMatchObject({ kind: 'daily' });
  });

  it('reports a damaged backup instead of failing, and refuses to restore it without touching anything', async () => {
    const { core, as, asErr } = await setup();
    for (let i = 0; i < 40; i++) await as('li', 'residents.register', { idNumber: idNumber(i), name: `居民${i}` });
    const made = await as('admin', 'backups.create');
    const path = join(backupsDirFor(core.dbPath), made.file);
    expect(statSync(path).size).toBeGreaterThan(4096 * 6);
    damage(path);

    const report = await as('admin', 'backups.verify', { file: made.file });
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);

    const before = names(core.db);
    const error = await asErr('admin', 'backups.restore', { file: made.file });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('完整性检查');
    expect(names(core.db)).toEqual(before);
    expect((await as('admin', 'backups.list')).map((b: { kind: string }) => b.kind)).toEqual(['manual']);

    // A file whose header is gone entirely is reported too.
    damage(path, 0, 100);
    const headerless = await as('admin', 'backups.verify', { file: made.file });
    expect(headerless).toMatchObject({ ok: false, schemaVersion: null });
  });

  it('refuses a backup from a newer program without touching anything', async () => {
    const { core, as, asErr } = await setup();
    const made = await as('admin', 'backups.create');
    const copy = new Database(join(backupsDirFor(core.dbPath), made.file));
    copy.pragma('user_version = 999');
    copy.close();
    expect(await as('admin', 'backups.verify', { file: made.file })).toMatchObject({ ok: true, newerThanProgram: true, schemaVersion: 999 });
    const error = await asErr('admin', 'backups.restore', { file: made.file });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('较新版本');
    expect(await as('admin', 'accounts.me')).toMatchObject({ username: 'admin' });
    expect((await as('admin', 'backups.list')).length).toBe(1);
  });

  it('accepts only plain backup names: paths are refused', async () => {
    const { as, asErr } = await setup();
    await as('admin', 'backups.create');
    for (const file of ['../test.sqlite', '..', 'backups/onewindow-20261122-093015-manual.sqlite', '..\\test.sqlite', '/etc/passwd', 'test.sqlite']) {
      expect((await asErr('admin', 'backups.verify', { file })).code).toBe('VALIDATION');
      expect((await asErr('admin', 'backups.restore', { file })).code).toBe('VALIDATION');
    }
    expect((await asErr('admin', 'backups.verify', { file: 'onewindow-20200101-000000-manual.sqlite' })).code).toBe('NOT_FOUND');
  });

  it('is for administrators only', async () => {
    const { core, asErrRaw } = await setup();
    const calls: [string, unknown][] = [
      ['backups.create', {}],
      ['backups.list', {}],
      ['backups.verify', { file: 'onewindow-20261122-093015-manual.sqlite' }],
      ['backups.restore', { file: 'onewindow-20261122-093015-manual.sqlite' }],
    ];
    for (const [name, input] of calls) {
      expect((await asErrRaw('li', name, input)).code).toBe('FORBIDDEN');
      const anonymous = await core.dispatch(name, input);
      expect(anonymous.ok === false && anonymous.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('runs a restore alone: refused while a backup runs, and writes wait while it runs', async () => {
    const { core, as, tokens } = await setup();
    const made = await as('admin', 'backups.create');

    const running = core.dispatch('backups.create', {}, tokens.admin!);
    const refused = await core.dispatch('backups.restore', { file: made.file }, tokens.admin!);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('有其他任务正在进行') } });
    expect((await running).ok).toBe(true);

    const restoring = core.dispatch('backups.restore', { file: made.file }, tokens.admin!);
    const write = await core.dispatch('residents.register', { idNumber: idNumber(5), name: '王五' }, tokens.li!);
    expect(write).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'exclusive_task' } } });
    expect((await restoring).ok).toBe(true);
    expect(names(core.db)).toEqual([]);
  });

  it('takes a pre-migration backup when upgrading a file that has data, and restores an older backup by migrating it', async () => {
    const latest = testCore().db.pragma('user_version', { simple: true }) as number;
    const { db, path } = dbAtVersion(latest - 1);
    db.prepare(
      `INSERT INTO residents (id_number, id_number_rev, name, birth_date, sex, created_at, updated_at)
       VALUES (@id, @rev, '赵六', '1980-01-01', 'male', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run({ id: idNumber(9), rev: [...idNumber(9)].reverse().join('') });
    db.close();

    const clock = testClock('2026-11-22T08:00:00+08:00');
    const core = openCore({ dbPath: path, logger: quiet, now: clock.now });
    try {
      expect(core.applied).toEqual([latest]);
      const dir = backupsDirFor(path);
      const pre = readdirSync(dir).filter((f) => parseBackupName(f)?.kind === 'pre-migration');
      expect(pre).toEqual(['onewindow-20261122-080000-pre-migration.sqlite']);
      const copy = new Database(join(dir, pre[0]!), { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(latest - 1);
      expect(names(copy)).toEqual(['赵六']);
      copy.close();
      const audited = core.db.prepare("SELECT detail FROM audit_log WHERE handler = 'database.migrate'").get() as { detail: string };
      expect(JSON.parse(audited.detail)).toMatchObject({ kind: 'pre-migration', fromVersion: latest - 1, toVersion: latest });

      // Restoring that older copy brings it up to date through the same migrations.
      await core.dispatch('accounts.setup', ADMIN);
      const token = await core.login(ADMIN.username, ADMIN.password);
      await core.dispatch('residents.register', { idNumber: idNumber(10), name: '钱七' }, token);
      clock.advanceMinutes(5);
      const res = await core.dispatch('backups.restore', { file: pre[0] }, token);
      expect(res).toMatchObject({ ok: true, result: { migrated: true, schemaVersion: latest } });
      expect(names(core.db)).toEqual(['赵六']);
      expect(verifyChain(core.db).ok).toBe(true);
      expect(lastAudit(core.db)).toMatchObject({ handler: 'backups.restore', action: 'restore' });
    } finally {
      core.close();
    }
  });

  it('takes no pre-migration backup for a new file', async () => {
    const core = testCore();
    expect(existsSync(backupsDirFor(core.dbPath))).toBe(false);
  });
});
