import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../db/src/accounts/passwords';
import { openCore } from '../../db/src/core';
import { PAID_BY_ITEM_SQL } from '../../db/src/exports/kinds/monthly';
import { dbAtVersion, tempDbPath } from '../support/temp';
import { makeId, staffId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const NOW = '2026-03-01T01:00:00.000Z';

/** A version-12 file: two accounts (no staff ID numbers then), an approved case and its paid benefit. */
function versionTwelveFile(): string {
  const path = tempDbPath();
  const { db } = dbAtVersion(12, path);
  const user = db.prepare('INSERT INTO users (id, username, display_name, roles, password_hash) VALUES (@id, @u, @name, @roles, @hash)');
  user.run({ id: 1, u: 'old', name: '旧管理员', roles: '["admin","reviewer"]', hash: hashPassword('old-pass-1') });
  user.run({ id: 2, u: 'clerk', name: '旧受理员', roles: '["clerk"]', hash: hashPassword('clerk-pass-1') });
  user.run({ id: 3, u: 'rev', name: '旧审核员', roles: '["reviewer"]', hash: hashPassword('rev-pass-1') });
  db.prepare(
    `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
     VALUES (1, @n, @rev, '旧居民', '1950-01-01', 'female', 'x', 'x', @now, @now)`,
  ).run({ n: makeId(2, '19500101'), rev: [...makeId(2, '19500101')].reverse().join(''), now: NOW });
  db.prepare(
    `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, stage, form_values,
       received_on, accepted_on, accepted_by, due_on, completed_on, clerk_id, idempotency_key, created_at, updated_at)
     VALUES (1, 'C1', 1, 'MZ-LNJT-001', 1, '老年综合津贴', 'elderly_care', 20, 'accept', 'approved', NULL, '{}',
       '2026-01-05', '2026-01-05', 2, '2026-02-02', '2026-01-20', 2, 'migration-0013-1', @now, @now)`,
  ).run({ now: NOW });
  db.prepare(
    `INSERT INTO beneficiaries (id, resident_id, item_code, case_id, amount_fen, amount_source, start_month, status, annual_review, created_at, updated_at)
     VALUES (1, 1, 'MZ-LNJT-001', 1, 15000, 'age_tier', '2026-02', 'active', 0, @now, @now)`,
  ).run({ now: NOW });
  const change = db.prepare(
    `INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, case_id, actor_id, actor_name, at)
     VALUES (1, @kind, @m, @fen, @reason, @case, 1, '旧管理员', @now)`,
  );
  change.run({ kind: 'start', m: '2026-02', fen: 15000, reason: '审批通过', case: 1, now: NOW });
  change.run({ kind: 'change', m: '2026-03', fen: 16000, reason: '迁移前的变更', case: null, now: NOW });
  db.close();
  return path;
}

describe('migration 0013: staff ID numbers and two-person benefit changes', () => {
  it('upgrades a version-12 file: accounts record their number at next sign-in, past changes stay paid, new ones wait for a second person', async () => {
    const core = openCore({ dbPath: versionTwelveFile(), now: () => new Date('2026-03-02T10:00:00+08:00'), logger: quiet });
    try {
      const d = core.db;
      expect(d.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(13);
      expect(d.prepare('SELECT id, staff_id_number AS n FROM users ORDER BY id').all()).toEqual([
        { id: 1, n: null },
        { id: 2, n: null },
        { id: 3, n: null },
      ]);
      // What was paid before is paid the same: the old changes are confirmed ones.
      expect(d.prepare(PAID_BY_ITEM_SQL).all({ month: '2026-03' })).toEqual([{ item_code: 'MZ-LNJT-001', n: 1, fen: 16000 }]);

      const signIn = async (username: string, password: string, n: number) => {
        const res = await core.dispatch('accounts.login', { username, password });
        if (!res.ok) throw new Error(res.error.message);
        const { token, needsStaffIdNumber } = res.result as { token: string; needsStaffIdNumber: boolean };
        expect(needsStaffIdNumber).toBe(true);
        expect((await core.dispatch('beneficiaries.list', {}, token)).ok).toBe(false);
        const set = await core.dispatch('accounts.setStaffIdNumber', { staffIdNumber: staffId(n) }, token);
        expect(set.ok).toBe(true);
        return token;
      };
      const old = await signIn('old', 'old-pass-1', 1);
      const rev = await signIn('rev', 'rev-pass-1', 3);
      // The same number for a second active account is refused by the partial unique index too.
      expect(() => d.prepare('UPDATE users SET staff_id_number = ? WHERE id = 2').run(staffId(1))).toThrow(/UNIQUE/);

      const view = await core.dispatch('beneficiaries.list', {}, old);
      const listed = view.ok && (view.result as any).items[0];
      expect(listed).toMatchObject({ latestAmount: 160, pendingChange: null });
      // The decisions (a later migration adds the age-tier steps to come, rule 'age_tier').
      expect(listed.history.filter((h: any) => h.rule === null)).toMatchObject([{ kind: 'start', proposedBy: null }, { kind: 'change', proposedBy: null }]);
      const proposed = await core.dispatch('beneficiaries.change', { id: 1, monthlyAmount: 170, fromMonth: '2026-04', reason: '调整' }, old);
      expect(proposed.ok).toBe(true);
      expect(d.prepare(PAID_BY_ITEM_SQL).all({ month: '2026-04' })).toEqual([{ item_code: 'MZ-LNJT-001', n: 1, fen: 16000 }]);
      const confirmed = await core.dispatch('beneficiaries.confirmChange', { proposalId: (proposed as any).result.proposal.id }, rev);
      expect(confirmed.ok && (confirmed.result as any).beneficiary).toMatchObject({ latestAmount: 170 });
      expect(d.prepare(PAID_BY_ITEM_SQL).all({ month: '2026-04' })).toEqual([{ item_code: 'MZ-LNJT-001', n: 1, fen: 17000 }]);
      expect((await core.dispatch('audit.verify', {}, old)).ok).toBe(true);
    } finally {
      core.close();
    }
  });
});
