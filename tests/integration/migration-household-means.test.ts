import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../db/src/accounts/passwords';
import { openCore } from '../../db/src/core';
import { loadMigrations, schemaVersion } from '../../db/src/database/migrations';
import { dbAtVersion, testClock } from '../support/temp';
import { makeId, staffId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const NOW = '2026-03-01T01:00:00.000Z';

describe('migration household_means: members’ declared means of a 低保 application', () => {
  it('upgrades a file with a 低保 case at its approval stage: the old case is approved by the approver’s amount, the table keeps its rules', async () => {
    const version = loadMigrations().find((m) => m.name === 'household_means')!.version;
    const { db, path } = dbAtVersion(version - 1);
    const user = db.prepare(`INSERT INTO users (id, username, display_name, roles, password_hash, staff_id_number) VALUES (@id, @u, @name, @roles, @hash, @staff)`);
    user.run({ id: 1, u: 'clerk1', name: '李窗口', roles: '["clerk"]', hash: hashPassword('clerk-pass-1'), staff: staffId(1) });
    user.run({ id: 2, u: 'boss', name: '陈审批', roles: '["reviewer"]', hash: hashPassword('boss-pass-1'), staff: staffId(2) });
    db.prepare(
      `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
       VALUES (1, @n, @rev, '旧申请人', '1970-01-01', 'male', 'x', 'x', @now, @now)`,
    ).run({ n: makeId(1, '19700101'), rev: [...makeId(1, '19700101')].reverse().join(''), now: NOW });
    const household = { householdId: 1, address: null, headResidentId: 1, members: [{ residentId: 1, name: '旧申请人', idNumber: makeId(1, '19700101'), birthDate: '1970-01-01', sex: 'male', relation: '本人', isHead: true, joinedOn: '2020-01-01' }] };
    db.prepare(
      `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, stage, form_values, household,
         received_on, accepted_on, accepted_by, due_on, clerk_id, idempotency_key, created_at, updated_at)
       VALUES (1, 'C1', 1, 'MZ-DB-001', 1, '最低生活保障', 'subsidy', 30, 'accept', 'in_progress', 'approval', @values, @household,
         '2026-02-02', '2026-02-02', 1, '2026-03-16', 1, 'migration-means-1', @now, @now)`,
    ).run({ household: JSON.stringify(household), values: JSON.stringify({ householdSize: 1, monthlyIncome: 800, housing: '借住', hasVehicle: false, reason: '无业' }), now: NOW });
    db.close();

    const clock = testClock('2026-03-02T10:00:00+08:00');
    const core = openCore({ dbPath: path, logger: quiet, now: clock.now });
    try {
      expect(schemaVersion(core.db)).toBeGreaterThanOrEqual(version);
      const boss = await core.login('boss', 'boss-pass-1');
      // The case was taken in under the item version without the means test: its approver's amount pays.
      const approved = await core.dispatch('cases.transition', { caseId: 1, action: 'approve', opinion: '同意', values: { assessedAmount: 900 } }, boss);
      if (!approved.ok) throw new Error(JSON.stringify(approved.error));
      expect(approved.result).toMatchObject({ case: { status: 'approved', meansTest: null }, beneficiary: { latestAmount: 900 } });
      // The standard starts as the labelled example until the centre sets its own.
      const clerk = await core.login('clerk1', 'clerk-pass-1');
      const settings = await core.dispatch('settings.get', {}, clerk);
      expect(settings.ok && (settings.result as { dibaoStandards: unknown }).dibaoStandards).toEqual([{ from: '2025-04-01', amount: 1550 }]);
      // The table's rules hold in the upgraded file.
      core.db.prepare('INSERT INTO case_household_means (case_id, resident_id, position, monthly_income_fen, assets_fen) VALUES (1, 1, 0, 120000, 0)').run();
      expect(() => core.db.prepare('INSERT INTO case_household_means (case_id, resident_id, position, monthly_income_fen, assets_fen) VALUES (1, 1, 1, 0, 0)').run()).toThrow(/UNIQUE/);
      expect(() => core.db.prepare('INSERT INTO case_household_means (case_id, resident_id, position, monthly_income_fen, assets_fen) VALUES (1, 1, 0, -1, 0)').run()).toThrow(/CHECK/);
      expect(() => core.db.prepare('INSERT INTO case_household_means (case_id, resident_id, position, monthly_income_fen, assets_fen) VALUES (99, 1, 0, 0, 0)').run()).toThrow(/FOREIGN KEY/);
      expect(core.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      core.close();
    }
  });
});
