import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../db/src/accounts/passwords';
import { openCore } from '../../db/src/core';
import { addMonths } from '../../db/src/beneficiaries/months';
import { loadMigrations } from '../../db/src/database/migrations';
import { PAID_BY_ITEM_SQL, PAID_IN_MONTH_SQL } from '../../db/src/exports/kinds/monthly';
import { dbAtVersion, tempDbPath } from '../support/temp';
import { makeId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const AT = '2026-01-01T01:00:00.000Z';
const LNJT = 'MZ-LNJT-001';

// The migration takes the month it runs in as "now" (months before it are not rewritten), so
// the data is placed relative to the real month, in Shanghai, as the migration computes it.
const NOW_MONTH = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const yearOf = (month: string) => Number(month.slice(0, 4));
/** A birth date whose `age`th birthday is on `day` of `month`. */
const bornFor = (age: number, month: string, day: string) => `${yearOf(month) - age}-${month.slice(5)}-${day}`;

interface Benefit {
  id: number;
  birth: string;
  startMonth: string;
  amountFen: number;
  source?: 'age_tier' | 'approval';
  stopMonth?: string;
  later?: { month: string; fen: number }[];
}

/** A file at the version before the migration, with 老年综合津贴 benefits (item version 1: no tierStepFrom) approved by account 1. */
function previousVersionFile(benefits: Benefit[]): string {
  const version = loadMigrations().find((m) => m.name === 'amounts')!.version;
  const path = tempDbPath();
  const { db } = dbAtVersion(version - 1, path);
  db.prepare(`INSERT INTO users (id, username, display_name, roles, password_hash) VALUES (1, 'old', '旧审批人', '["admin","reviewer"]', @hash)`).run({ hash: hashPassword('old-pass-1') });
  for (const b of benefits) {
    const id = makeId(b.id, b.birth.replaceAll('-', ''));
    db.prepare(
      `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
       VALUES (@id, @n, @rev, @name, @birth, 'female', 'x', 'x', @at, @at)`,
    ).run({ id: b.id, n: id, rev: [...id].reverse().join(''), name: `居民${b.id}`, birth: b.birth, at: AT });
    db.prepare(
      `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, stage, form_values,
         received_on, accepted_on, accepted_by, due_on, completed_on, clerk_id, idempotency_key, created_at, updated_at)
       VALUES (@id, @no, @id, @item, 1, '老年综合津贴', 'elderly_care', 10, 'accept', 'approved', NULL, '{}',
         '2020-01-05', '2020-01-05', 1, '2020-01-20', '2020-01-10', 1, @key, @at, @at)`,
    ).run({ id: b.id, no: `C${b.id}`, item: LNJT, key: `migration-amounts-${b.id}`, at: AT });
    db.prepare(
      `INSERT INTO beneficiaries (id, resident_id, item_code, case_id, amount_fen, amount_source, start_month, status, stop_month, annual_review, created_at, updated_at)
       VALUES (@id, @id, @item, @id, @fen, @source, @start, @status, @stop, 0, @at, @at)`,
    ).run({ id: b.id, item: LNJT, fen: b.amountFen, source: b.source ?? 'age_tier', start: b.startMonth, status: b.stopMonth ? 'stopped' : 'active', stop: b.stopMonth ?? null, at: AT });
    const change = db.prepare(
      `INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, case_id, actor_id, actor_name, at)
       VALUES (@b, @kind, @m, @fen, @reason, @case, 1, '旧审批人', @at)`,
    );
    change.run({ b: b.id, kind: 'start', m: b.startMonth, fen: b.amountFen, reason: '审批通过', case: b.id, at: AT });
    for (const l of b.later ?? []) change.run({ b: b.id, kind: 'change', m: l.month, fen: l.fen, reason: '人工调整', case: null, at: AT });
    if (b.stopMonth) change.run({ b: b.id, kind: 'stop', m: b.stopMonth, fen: null, reason: '迁出', case: null, at: AT });
  }
  db.close();
  return path;
}

describe('migration "amounts": the age-tier steps of benefits approved before it', () => {
  it('backfills the steps by the item version the benefit was approved under, never rewriting months already past', async () => {
    const future = addMonths(NOW_MONTH, 5);
    const missed = addMonths(NOW_MONTH, -3);
    // The first leap year whose 70th birthday (a common year: 1 March) is still to come.
    let leapYear = yearOf(NOW_MONTH) - 69;
    while (leapYear % 4 !== 0) leapYear++;
    const benefits: Benefit[] = [
      // 79, turning 80 on the 15th five months from now: 180 元 from that month (version 1 steps in the birthday month).
      { id: 1, birth: bornFor(80, future, '15'), startMonth: addMonths(NOW_MONTH, -2), amountFen: 15000 },
      // Turned 80 three months ago, still paid 150: one catch-up step from next month.
      { id: 2, birth: bornFor(80, missed, '10'), startMonth: addMonths(NOW_MONTH, -14), amountFen: 15000 },
      // The same, but a reviewer already raised it by hand after the birthday: no catch-up.
      { id: 3, birth: bornFor(80, missed, '10'), startMonth: addMonths(NOW_MONTH, -14), amountFen: 15000, later: [{ month: addMonths(NOW_MONTH, -1), fen: 18000 }] },
      // 29 February: 70 on 1 March of a common year.
      { id: 4, birth: `${leapYear}-02-29`, startMonth: addMonths(NOW_MONTH, -1), amountFen: 7500 },
      // Stopped, or paid an amount typed at approval: nothing to step.
      { id: 5, birth: bornFor(80, future, '15'), startMonth: addMonths(NOW_MONTH, -2), amountFen: 15000, stopMonth: NOW_MONTH },
      { id: 6, birth: bornFor(80, future, '15'), startMonth: addMonths(NOW_MONTH, -2), amountFen: 20000, source: 'approval' },
    ];
    const path = previousVersionFile(benefits);
    const core = openCore({ dbPath: path, logger: quiet });
    try {
      const db = core.db;
      const steps = (id: number) =>
        db.prepare("SELECT effective_month AS month, amount_fen AS fen, reason, actor_id AS actor, case_id AS caseId FROM beneficiary_changes WHERE beneficiary_id = ? AND rule = 'age_tier' ORDER BY id").all(id) as {
          month: string;
          fen: number;
          reason: string;
          actor: number;
          caseId: number;
        }[];
      const b1 = benefits[0]!.birth;
      const birthday = (age: number, birth: string) => `${yearOf(birth.slice(0, 7)) + age}${birth.slice(4)}`;
      expect(steps(1)).toEqual([
        { month: future, fen: 18000, reason: `年满80周岁，按新年龄档发放（80–89岁，每月180元；80周岁生日 ${birthday(80, b1)}）`, actor: 1, caseId: 1 },
        { month: addMonths(future, 120), fen: 35000, reason: `年满90周岁，按新年龄档发放（90–99岁，每月350元；90周岁生日 ${birthday(90, b1)}）`, actor: 1, caseId: 1 },
        { month: addMonths(future, 240), fen: 60000, reason: `年满100周岁，按新年龄档发放（100岁以上，每月600元；100周岁生日 ${birthday(100, b1)}）`, actor: 1, caseId: 1 },
      ]);
      const catchUp = steps(2);
      expect(catchUp.map((s) => [s.month, s.fen])).toEqual([
        [addMonths(NOW_MONTH, 1), 18000],
        [addMonths(missed, 120), 35000],
        [addMonths(missed, 240), 60000],
      ]);
      expect(catchUp[0]!.reason).toBe(
        `年满80周岁，按新年龄档发放（80–89岁，每月180元；80周岁生日 ${birthday(80, benefits[1]!.birth)}；应自${missed}起，系统升级时补记，自${addMonths(NOW_MONTH, 1)}起发放，此前月份的差额如需补发请另行办理）`,
      );
      expect(steps(3).map((s) => s.month)).toEqual([addMonths(missed, 120), addMonths(missed, 240)]);
      expect(steps(4).map((s) => [s.month, s.fen, s.reason])).toEqual([
        [`${leapYear + 70}-03`, 15000, `年满70周岁，按新年龄档发放（70–79岁，每月150元；70周岁生日 ${leapYear + 70}-03-01）`],
        [`${leapYear + 80}-02`, 18000, `年满80周岁，按新年龄档发放（80–89岁，每月180元；80周岁生日 ${leapYear + 80}-02-29）`],
        [`${leapYear + 90}-03`, 35000, `年满90周岁，按新年龄档发放（90–99岁，每月350元；90周岁生日 ${leapYear + 90}-03-01）`],
        [`${leapYear + 100}-02`, 60000, `年满100周岁，按新年龄档发放（100岁以上，每月600元；100周岁生日 ${leapYear + 100}-02-29）`],
      ]);
      expect(steps(5)).toEqual([]);
      expect(steps(6)).toEqual([]);

      // Past months are paid as before; the roster's rule and the trigger-kept totals agree from now on.
      const paid = db.prepare(`SELECT id, amount_fen AS fen FROM (${PAID_IN_MONTH_SQL}) ORDER BY id`);
      expect(paid.all({ month: NOW_MONTH })).toEqual([
        { id: 1, fen: 15000 },
        { id: 2, fen: 15000 },
        { id: 3, fen: 18000 },
        { id: 4, fen: 7500 },
        { id: 6, fen: 20000 },
      ]);
      expect(paid.all({ month: addMonths(NOW_MONTH, 1) }).map((r: any) => r.fen)).toEqual([15000, 18000, 18000, 7500, 20000]);
      expect(paid.all({ month: future }).map((r: any) => r.fen)).toEqual([18000, 18000, 18000, 7500, 20000]);
      const rule = db.prepare(`SELECT item_code, count(*) AS n, sum(amount_fen) AS fen FROM (${PAID_IN_MONTH_SQL}) WHERE amount_fen IS NOT NULL GROUP BY item_code`);
      for (const m of [NOW_MONTH, addMonths(NOW_MONTH, 1), future, `${leapYear + 70}-03`, addMonths(missed, 120)]) {
        expect(db.prepare(PAID_BY_ITEM_SQL).all({ month: m }), m).toEqual(rule.all({ month: m }));
      }
      // The marker's rule holds in the upgraded file.
      expect(() => db.prepare("UPDATE beneficiary_changes SET rule = 'other' WHERE id = 1").run()).toThrow(/CHECK/);
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      core.close();
    }
  });
});
