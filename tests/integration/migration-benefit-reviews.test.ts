import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../db/src/accounts/passwords';
import { openCore } from '../../db/src/core';
import { loadMigrations } from '../../db/src/database/migrations';
import { dbAtVersion } from '../support/temp';
import { makeId, staffId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const NOW = '2026-01-20T01:00:00.000Z';
const version = loadMigrations().find((m) => m.name === 'benefit_reviews')!.version;

/** A file one version before benefit_reviews: a 低保 benefit under annual review, started 2026-02, with a change. */
function fileBefore(): string {
  const { db, path } = dbAtVersion(version - 1);
  const user = db.prepare('INSERT INTO users (id, username, display_name, roles, password_hash, staff_id_number) VALUES (@id, @u, @name, @roles, @hash, @n)');
  user.run({ id: 1, u: 'admin', name: '王管理', roles: '["admin"]', hash: hashPassword('admin-pass-1'), n: staffId(1) });
  user.run({ id: 2, u: 'clerk', name: '李受理', roles: '["clerk"]', hash: hashPassword('clerk-pass-1'), n: staffId(2) });
  user.run({ id: 3, u: 'rev', name: '陈审核', roles: '["reviewer"]', hash: hashPassword('rev-pass-1'), n: staffId(3) });
  user.run({ id: 4, u: 'rev2', name: '赵审核', roles: '["reviewer"]', hash: hashPassword('rev2-pass-1'), n: staffId(4) });
  db.prepare(
    `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
     VALUES (1, @n, @rev, '旧居民', '1970-01-01', 'female', 'x', 'x', @now, @now)`,
  ).run({ n: makeId(2, '19700101'), rev: [...makeId(2, '19700101')].reverse().join(''), now: NOW });
  db.prepare(
    `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, stage, form_values,
       received_on, accepted_on, accepted_by, due_on, completed_on, clerk_id, idempotency_key, created_at, updated_at)
     VALUES (1, 'C1', 1, 'MZ-DB-001', 1, '最低生活保障', 'subsidy', 20, 'accept', 'approved', NULL, '{}',
       '2026-01-05', '2026-01-05', 2, '2026-02-02', '2026-01-20', 2, 'migration-reviews-1', @now, @now)`,
  ).run({ now: NOW });
  db.prepare(
    `INSERT INTO beneficiaries (id, resident_id, item_code, case_id, amount_fen, amount_source, start_month, status, annual_review, created_at, updated_at)
     VALUES (1, 1, 'MZ-DB-001', 1, 150000, 'approval', '2026-02', 'active', 1, @now, @now)`,
  ).run({ now: NOW });
  const change = db.prepare(
    `INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, case_id, actor_id, actor_name, at)
     VALUES (1, @kind, @m, @fen, @reason, @case, 3, '陈审核', @now)`,
  );
  change.run({ kind: 'start', m: '2026-02', fen: 150000, reason: '审批通过', case: 1, now: NOW });
  change.run({ kind: 'change', m: '2026-06', fen: 160000, reason: '标准调整', case: null, now: NOW });
  db.close();
  return path;
}

describe('migration benefit_reviews: annual reviews recorded on running benefits', () => {
  it('upgrades a file with a benefit under annual review: due a year after its start, reviewable, its payments unchanged', async () => {
    const core = openCore({ dbPath: fileBefore(), now: () => new Date('2027-02-10T10:00:00+08:00'), logger: quiet });
    try {
      const d = core.db;
      expect(d.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(version);
      expect(d.prepare('SELECT count(*) AS n FROM benefit_reviews').get()).toEqual({ n: 0 });
      const token = await core.login('rev', 'rev-pass-1');
      const call = async (name: string, input: unknown) => {
        const res = await core.dispatch(name, input, token);
        if (!res.ok) throw new Error(res.error.message);
        return res.result as any;
      };
      expect((await call('beneficiaries.reviewsDue', { from: '2027-01', to: '2027-03' })).items).toMatchObject([
        { dueMonth: '2027-02', cycle: 1, beneficiary: { id: 1, latestAmount: 1600, review: { nextDueMonth: '2027-02', grade: null, history: [] } } },
      ]);
      const kept = await call('beneficiaries.recordReview', { beneficiaryId: 1, outcome: 'confirm', reviewedOn: '2027-02-10', opinion: '家庭收入未变' });
      expect(kept.beneficiary.review).toMatchObject({ nextDueMonth: '2028-02', history: [{ outcome: 'confirm', reviewedBy: '陈审核', status: 'done' }] });
      expect(d.prepare('SELECT kind, effective_month, amount_fen FROM beneficiary_changes ORDER BY id').all()).toEqual([
        { kind: 'start', effective_month: '2026-02', amount_fen: 150000 },
        { kind: 'change', effective_month: '2026-06', amount_fen: 160000 },
      ]);
      // The table's rules hold in the upgraded file: a change carries its amount and its proposal.
      expect(() =>
        d.prepare(`INSERT INTO benefit_reviews (beneficiary_id, due_month, outcome, reviewed_on, opinion, reviewer_id, reviewer_name, at) VALUES (1, '2027-02', 'change', '2027-02-10', 'x', 3, 'x', 'now')`).run(),
      ).toThrow(/CHECK/);
      expect(d.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(d.pragma('foreign_key_check')).toEqual([]);
    } finally {
      core.close();
    }
  });
});
