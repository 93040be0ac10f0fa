import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../db/src/accounts/passwords';
import { openCore } from '../../db/src/core';
import { caseCountSql, caseGroupSql, worklistQueries } from '../../db/src/cases/worklist';
import { dbAtVersion, tempDbPath, loginOldAccount } from '../support/temp';
import { makeId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const NOW = '2026-03-01T01:00:00.000Z';

/** A version-11 file with two clerks and cases in every deadline state; today is Monday 2026-03-02. */
function versionElevenFile(): string {
  const path = tempDbPath();
  const { db } = dbAtVersion(11, path);
  const user = db.prepare(`INSERT INTO users (id, username, display_name, roles, password_hash) VALUES (@id, @u, @name, '["clerk","reviewer","admin"]', @hash)`);
  user.run({ id: 1, u: 'old', name: '旧账号', hash: hashPassword('old-pass-1') });
  user.run({ id: 2, u: 'other', name: '另一位', hash: hashPassword('other-pass-1') });
  const resident = db.prepare(
    `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
     VALUES (@id, @n, @rev, @name, '1950-01-01', 'female', 'x', 'x', @now, @now)`,
  );
  const kase = db.prepare(
    `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, stage, form_values,
       received_on, accepted_on, due_on, paused_since, completed_on, clerk_id, idempotency_key, created_at, updated_at)
     VALUES (@id, @no, @id, 'MZ-LNJT-001', 1, '老年综合津贴', 'elderly_care', 20, 'accept', @status, @stage, '{}',
       '2026-01-20', @accepted, @due, @paused, @completed, @clerk, @key, @now, @now)`,
  );
  // Today is Monday 2026-03-02; with 3 warning days 即将到期 is a due date before 2026-03-06.
  const rows: [id: number, clerk: number, status: string, due: string | null, paused: string | null][] = [
    [1, 1, 'in_progress', '2026-02-20', null], // overdue
    [2, 2, 'in_progress', '2026-02-25', null], // overdue, the other clerk's
    [3, 1, 'in_progress', '2026-02-10', '2026-02-05'], // past its date but in 公示: paused, on neither list
    [4, 1, 'in_progress', '2026-03-03', null], // due soon
    [5, 2, 'in_progress', '2026-03-05', null], // due soon, the other clerk's
    [6, 2, 'in_progress', '2026-03-20', null], // normal
    [7, 1, 'approved', '2026-02-01', null], // done
    [8, 1, 'waiting_materials', null, null], // 待补正
  ];
  for (const [id, clerk, status, due, paused] of rows) {
    resident.run({ id, n: makeId(id, '19500101'), rev: [...makeId(id, '19500101')].reverse().join(''), name: `旧居民${id}`, now: NOW });
    kase.run({
      id,
      no: `C${id}`,
      status,
      stage: status === 'in_progress' ? 'review' : null,
      accepted: due ? '2026-01-20' : null,
      due,
      paused,
      completed: status === 'approved' ? '2026-01-30' : null,
      clerk,
      key: `migration-0012-${id}`,
      now: NOW,
    });
  }
  db.close();
  return path;
}

describe('migration 0012: the worklist reads running cases by due date from their own index', () => {
  it('upgrades a version-11 file with cases in it; the 已逾期 and 即将到期 groups and counts are the same rows, for everyone and per clerk', async () => {
    const path = versionElevenFile();

    const core = openCore({ dbPath: path, now: () => new Date('2026-03-02T10:00:00+08:00'), logger: quiet });
    try {
      const d = core.db;
      expect(d.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(12);
      const indexes = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%running_due'").all() as { name: string }[]).map((r) => r.name).sort();
      expect(indexes).toEqual(['cases_clerk_running_due', 'cases_running_due']);

      const groups = async (person: 'all' | 'me', user: string, password: string) => {
        const token = await loginOldAccount(core, user, password);
        const res = await core.dispatch('cases.worklist', { person }, token);
        if (!res.ok) throw new Error(res.error.message);
        type G = { total: number; items: { id: number }[] };
        const w = res.result as { overdue: G; dueSoon: G; waitingMaterials: G };
        const ids = (g: G) => ({ total: g.total, ids: g.items.map((i) => i.id) });
        return { overdue: ids(w.overdue), dueSoon: ids(w.dueSoon), waiting: ids(w.waitingMaterials) };
      };
      expect(await groups('all', 'old', 'old-pass-1')).toEqual({
        overdue: { total: 2, ids: [1, 2] },
        dueSoon: { total: 2, ids: [4, 5] },
        waiting: { total: 1, ids: [8] },
      });
      expect(await groups('me', 'old', 'old-pass-1')).toEqual({ overdue: { total: 1, ids: [1] }, dueSoon: { total: 1, ids: [4] }, waiting: { total: 1, ids: [8] } });
      expect(await groups('me', 'other', 'other-pass-1')).toEqual({ overdue: { total: 1, ids: [2] }, dueSoon: { total: 1, ids: [5] }, waiting: { total: 0, ids: [] } });

      // A 公示 ending puts the case back on the lists; one entering takes it off: the partial
      // index follows paused_since.
      d.prepare('UPDATE cases SET paused_since = NULL WHERE id = 3').run();
      d.prepare("UPDATE cases SET paused_since = '2026-03-02' WHERE id = 2").run();
      expect((await groups('all', 'old', 'old-pass-1')).overdue).toEqual({ total: 2, ids: [3, 1] });

      const params = { today: '2026-03-02', warnBefore: '2026-03-06', limit: 50, clerkId: 1 };
      for (const mine of [false, true]) {
        const q = worklistQueries(mine);
        for (const g of [q.overdue, q.dueSoon, q.districtOverdue]) {
          for (const sql of [caseGroupSql(g), caseCountSql(g)]) {
            const plan = (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | ');
            expect(plan).toContain(mine ? 'INDEX cases_clerk_running_due' : 'INDEX cases_running_due');
            expect(plan).not.toContain('TEMP B-TREE');
          }
        }
      }
    } finally {
      core.close();
    }
  });
  it('cases.worklist with a group reads that group\'s cases only, and still every total', async () => {
    const core = openCore({ dbPath: versionElevenFile(), now: () => new Date('2026-03-02T10:00:00+08:00'), logger: quiet });
    try {
      const token = await loginOldAccount(core, 'old', 'old-pass-1');
      const call = async (input: Record<string, unknown>) => {
        const res = await core.dispatch('cases.worklist', input, token);
        if (!res.ok) return res.error;
        type G = { total: number; items: { id: number }[] };
        const w = res.result as Record<'overdue' | 'dueSoon' | 'waitingMaterials' | 'deferredDue' | 'followUps' | 'districtOverdue', G>;
        return Object.fromEntries(Object.entries(w).filter(([, g]) => typeof g === 'object' && g && 'total' in g).map(([k, g]) => [k, [g.total, g.items.map((i) => i.id)]]));
      };
      expect(await call({ person: 'all', group: 'dueSoon' })).toEqual({
        overdue: [2, []],
        dueSoon: [2, [4, 5]],
        waitingMaterials: [1, []],
        deferredDue: [0, []],
        followUps: [0, []],
        districtOverdue: [0, []],
        toTell: [0, []],
      });
      expect(await call({ person: 'all' })).toMatchObject({ overdue: [2, [1, 2]], dueSoon: [2, [4, 5]], waitingMaterials: [1, [8]] });
      expect(await call({ person: 'all', group: 'everything' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('待办分组') });
    } finally {
      core.close();
    }
  });
});
