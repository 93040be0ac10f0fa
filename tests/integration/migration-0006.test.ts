import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { dbAtVersion, tempDbPath } from '../support/temp';
import { makeId, staffId } from '../support/ids';

describe('migration 0006 (cases)', () => {
  it('upgrades a version-5 database with residents, settings and accounts in it, and cases work on top', async () => {
    const path = tempDbPath();
    const { db } = dbAtVersion(5, path);
    const now = '2026-03-01T01:00:00.000Z';
    db.prepare(
      `INSERT INTO residents (id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
       VALUES (@id, @rev, '旧居民', '1980-01-01', 'male', 'jiujumin', 'jjm', @now, @now)`,
    ).run({ id: makeId(1), rev: [...makeId(1)].reverse().join(''), now });
    db.prepare("INSERT INTO settings (key, value) VALUES ('warningDays', '5') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    db.close();

    const core = openCore({ dbPath: path, now: () => new Date('2026-03-02T09:00:00+08:00'), logger: { error: () => {}, warn: () => {}, info: () => {} } });
    try {
      expect(core.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(6);
      const tables = (core.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['cases', 'case_materials', 'case_events', 'case_number_days', 'case_ratings', 'case_follow_ups', 'beneficiaries', 'beneficiary_changes']));
      for (const t of ['cases', 'case_materials', 'case_events', 'beneficiaries']) {
        expect((core.db.prepare(`SELECT strict FROM pragma_table_list WHERE name = ?`).get(t) as { strict: number }).strict, t).toBe(1);
      }
      expect(core.db.prepare('SELECT name FROM residents').all()).toEqual([{ name: '旧居民' }]);

      expect((await core.dispatch('accounts.setup', { username: 'admin', password: 'admin-pass-1', displayName: '管理', staffIdNumber: staffId(1) })).ok).toBe(true);
      const admin = await core.login('admin', 'admin-pass-1');
      expect((await core.dispatch('accounts.create', { username: 'li', password: 'li-pass-1', displayName: '李', staffIdNumber: staffId(2), roles: ['clerk'] }, admin)).ok).toBe(true);
      const li = await core.login('li', 'li-pass-1');
      const res = await core.dispatch(
        'cases.intake',
        { residentId: 1, itemCode: 'RS-SYDJ-001', values: { unemployedSince: '2026-02-01', education: '本科' }, materials: [{ key: 'idCard', copies: 1 }, { key: 'hukou', copies: 1 }, { key: 'employmentCard', copies: 1 }, { key: 'photo', copies: 2 }], decision: 'accept', idempotencyKey: 'after-migration-1' },
        li,
      );
      expect(res.ok && (res.result as any).case).toMatchObject({ caseNo: '310101001202603020001', applicant: { name: '旧居民' }, dates: { dueOn: '2026-03-05' }, deadline: { status: 'warning', daysLeft: 3 } });
    } finally {
      core.close();
    }
  });
});
