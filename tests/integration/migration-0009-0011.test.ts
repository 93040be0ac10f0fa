import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../db/src/accounts/passwords';
import { openCore } from '../../db/src/core';
import { migrate, loadMigrations } from '../../db/src/database/migrations';
import { monthFigures, PAID_BY_ITEM_SQL, PAID_IN_MONTH_SQL } from '../../db/src/exports/kinds/monthly';
import { LEDGER_SQL } from '../../db/src/exports/kinds/ledger';
import { addMonths } from '../../db/src/beneficiaries/months';
import { Rng } from '../../db/src/demo/prng';
import { dbAtVersion, tempDbPath, loginOldAccount } from '../support/temp';
import { makeId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const NOW = '2026-03-01T01:00:00.000Z';

/** Rows written the way a version-8 program wrote them: a clerk, residents, cases with materials, benefits. */
function fillVersion8(db: Database.Database) {
  db.prepare(`INSERT INTO users (id, username, display_name, roles, password_hash) VALUES (1, 'old', '旧账号', '["clerk","reviewer","admin"]', @hash)`).run({
    hash: hashPassword('old-pass-1'),
  });
  const resident = db.prepare(
    `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
     VALUES (@id, @n, @rev, @name, '1950-01-01', 'female', 'x', 'x', @now, @now)`,
  );
  for (let i = 1; i <= 4; i++) resident.run({ id: i, n: makeId(i, '19500101'), rev: [...makeId(i, '19500101')].reverse().join(''), name: `旧居民${i}`, now: NOW });
  const kase = db.prepare(
    `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, stage, form_values,
       received_on, accepted_on, due_on, completed_on, clerk_id, idempotency_key, created_at, updated_at)
     VALUES (@id, @no, @resident, @item, 1, '老年综合津贴', 'elderly_care', 20, 'accept_deferred', @status, @stage, '{}',
       '2026-02-02', '2026-02-02', '2026-03-02', @completed, 1, @key, @now, @now)`,
  );
  // 1: running, two deferred materials outstanding (02-20 and 02-10) and one delivered (02-05)
  kase.run({ id: 1, no: 'C1', resident: 1, item: 'MZ-LNJT-001', status: 'in_progress', stage: 'review', completed: null, key: 'migration-case-1', now: NOW });
  // 2: approved long ago with a deferred material never delivered: not on anyone's worklist
  kase.run({ id: 2, no: 'C2', resident: 2, item: 'MZ-LNJT-001', status: 'approved', stage: null, completed: '2026-02-20', key: 'migration-case-2', now: NOW });
  // 3: running, nothing deferred
  kase.run({ id: 3, no: 'C3', resident: 3, item: 'MZ-LNJT-001', status: 'in_progress', stage: 'review', completed: null, key: 'migration-case-3', now: NOW });
  const material = db.prepare(
    `INSERT INTO case_materials (case_id, key, position, name, form, required, may_defer, copies_required, copies_received, deferred_due, received_later_on)
     VALUES (@c, @k, @p, @k, 'copy', 1, 1, 1, @got, @due, @later)`,
  );
  material.run({ c: 1, k: 'a', p: 1, got: 0, due: '2026-02-20', later: null });
  material.run({ c: 1, k: 'b', p: 2, got: 0, due: '2026-02-10', later: null });
  material.run({ c: 1, k: 'c', p: 3, got: 1, due: '2026-02-05', later: '2026-02-04' });
  material.run({ c: 2, k: 'a', p: 1, got: 0, due: '2026-02-15', later: null });
  material.run({ c: 3, k: 'a', p: 1, got: 1, due: null, later: null });
  const benefit = db.prepare(
    `INSERT INTO beneficiaries (id, resident_id, item_code, case_id, amount_fen, amount_source, start_month, status, stop_month, annual_review, created_at, updated_at)
     VALUES (@id, @r, 'MZ-LNJT-001', @c, @fen, 'age_tier', @start, @status, @stop, 0, @now, @now)`,
  );
  const change = db.prepare(
    `INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, actor_id, actor_name, at)
     VALUES (@b, @kind, @m, @fen, '迁移前', 1, '旧账号', @now)`,
  );
  benefit.run({ id: 1, r: 2, c: 2, fen: 7500, start: '2025-03', status: 'active', stop: null, now: NOW });
  change.run({ b: 1, kind: 'start', m: '2025-03', fen: 7500, now: NOW });
  change.run({ b: 1, kind: 'change', m: '2025-09', fen: 15000, now: NOW });
  change.run({ b: 1, kind: 'change', m: '2025-09', fen: 16000, now: NOW }); // a correction in the same month wins
  benefit.run({ id: 2, r: 4, c: 3, fen: 50000, start: '2025-06', status: 'stopped', stop: '2026-01', now: NOW });
  change.run({ b: 2, kind: 'start', m: '2025-06', fen: 50000, now: NOW });
  change.run({ b: 2, kind: 'stop', m: '2026-01', fen: null, now: NOW });
}

function monthsFrom(from: string, to: string) {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The monthly totals against the rule stated row by row, for every month in the range. */
function expectTotalsMatchRule(db: Database.Database, from: string, to: string) {
  const rule = db.prepare(`SELECT item_code, count(*) AS n, sum(amount_fen) AS fen FROM (${PAID_IN_MONTH_SQL}) WHERE amount_fen IS NOT NULL GROUP BY item_code ORDER BY item_code`);
  const totals = db.prepare(`${PAID_BY_ITEM_SQL} ORDER BY item_code`);
  for (const month of monthsFrom(from, to)) expect(totals.all({ month }), month).toEqual(rule.all({ month }));
}

describe('migrations 0009 to 0011: worklist, monthly statistics and ledger at archive scale', () => {
  it('upgrade a version-8 file with cases and benefits in it, and the worklist, the 月报 and later writes agree with the rows', async () => {
    const path = tempDbPath();
    const { db } = dbAtVersion(8, path);
    fillVersion8(db);
    db.close();

    const core = openCore({ dbPath: path, now: () => new Date('2026-02-26T10:00:00+08:00'), logger: quiet });
    try {
      const d = core.db;
      expect(d.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(10);
      const open = () => d.prepare('SELECT id, open_deferred_due AS due FROM cases ORDER BY id').all();
      // the earliest outstanding deferral; delivered ones and cases without deferrals have none
      expect(open()).toEqual([
        { id: 1, due: '2026-02-10' },
        { id: 2, due: '2026-02-15' },
        { id: 3, due: null },
      ]);

      // The paid figures: 2025-09 onwards 160 元 for benefit 1 (the later correction), benefit 2 paid 2025-06..2025-12.
      const paid = (month: string) => monthFigures(d, month).get('MZ-LNJT-001');
      expect(paid('2025-05')).toMatchObject({ beneficiaries: 1, amountFen: 7500 });
      expect(paid('2025-09')).toMatchObject({ beneficiaries: 2, amountFen: 16000 + 50000 });
      expect(paid('2026-01')).toMatchObject({ beneficiaries: 1, amountFen: 16000 });
      expectTotalsMatchRule(d, '2025-01', '2026-06');

      // The worklist's 容缺 group: only the running case, once per outstanding material, earliest first.
      const admin = await loginOldAccount(core, 'old', 'old-pass-1');
      const list = async () => {
        const res = await core.dispatch('cases.worklist', { person: 'all' }, admin);
        if (!res.ok) throw new Error(res.error.message);
        const g = (res.result as { deferredDue: { total: number; items: { id: number; material: { key: string; dueDate: string } }[] } }).deferredDue;
        return { total: g.total, items: g.items.map((i) => [i.id, i.material.key, i.material.dueDate]) };
      };
      expect(await list()).toEqual({ total: 2, items: [[1, 'b', '2026-02-10'], [1, 'a', '2026-02-20']] });

      // Writes after the upgrade keep the column: delivering b moves the case's date to a's.
      d.prepare("UPDATE case_materials SET received_later_on = '2026-02-26', copies_received = 1 WHERE case_id = 1 AND key = 'b'").run();
      expect(open()[0]).toEqual({ id: 1, due: '2026-02-20' });
      expect(await list()).toEqual({ total: 1, items: [[1, 'a', '2026-02-20']] });
      d.prepare("UPDATE case_materials SET received_later_on = '2026-02-26', copies_received = 1 WHERE case_id = 1 AND key = 'a'").run();
      expect(open()[0]).toEqual({ id: 1, due: null });
      expect(await list()).toEqual({ total: 0, items: [] });
    } finally {
      core.close();
    }
  });

  it('keeps the monthly totals equal to the rule through any history of starts, changes, corrections, stops, edits and deletions', () => {
    const { db } = dbAtVersion(8);
    fillVersion8(db);
    migrate(db, loadMigrations());
    const rng = new Rng('benefit-deltas');
    const items = ['MZ-LNJT-001', 'MZ-DB-001'];
    const month = (lo: string, span: number) => addMonths(lo, rng.int(span));
    const resident = db.prepare(`INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
      VALUES (@id, @n, @n, '居民', '1950-01-01', 'male', 'x', 'x', 'x', 'x')`);
    for (let id = 101; id <= 160; id++) resident.run({ id, n: makeId(id, '19500101') });
    const kase = db.prepare(
      `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, form_values,
         received_on, accepted_on, due_on, completed_on, clerk_id, idempotency_key, created_at, updated_at)
       VALUES (@id, @id, @r, @item, 1, 'x', 'subsidy', 20, 'accept', 'approved', '{}', '2024-01-02', '2024-01-02', '2024-02-02', '2024-02-01', 1, 'property-' || @id, 'x', 'x')`,
    );
    const benefit = db.prepare(
      `INSERT INTO beneficiaries (id, resident_id, item_code, case_id, amount_fen, amount_source, start_month, status, stop_month, annual_review, created_at, updated_at)
       VALUES (@id, @r, @item, @id, 100, 'default', @start, 'active', NULL, 0, 'x', 'x')`,
    );
    const change = db.prepare(
      `INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, actor_id, actor_name, at) VALUES (@b, @kind, @m, @fen, 'x', 1, 'x', 'x')`,
    );
    for (let id = 100; id < 160; id++) {
      const item = rng.pick(items);
      kase.run({ id, r: id + 1, item });
      const start = month('2024-01', 18);
      // sometimes the first change comes in before the row, sometimes before the start month
      const first = () => change.run({ b: id, kind: 'start', m: rng.int(4) === 0 ? addMonths(start, -2) : start, fen: 100 * (1 + rng.int(50)) });
      if (rng.int(3) === 0) {
        db.pragma('foreign_keys = OFF');
        first();
        benefit.run({ id, r: id + 1, item, start });
        db.pragma('foreign_keys = ON');
      } else {
        benefit.run({ id, r: id + 1, item, start });
        first();
      }
      for (let k = rng.int(4); k > 0; k--) change.run({ b: id, kind: 'change', m: month(start, 24), fen: 100 * rng.int(80) });
      if (rng.int(2) === 0) {
        const stop = month(start, 30);
        change.run({ b: id, kind: 'stop', m: stop, fen: null });
        db.prepare("UPDATE beneficiaries SET status = 'stopped', stop_month = @stop WHERE id = @id").run({ id, stop });
      }
    }
    expectTotalsMatchRule(db, '2023-10', '2027-06');

    // edits the program does not make today, but a repair might
    db.prepare("UPDATE beneficiary_changes SET amount_fen = amount_fen + 700 WHERE kind <> 'stop' AND id % 3 = 0").run();
    db.prepare("UPDATE beneficiary_changes SET effective_month = '2025-01' WHERE id % 7 = 0").run();
    db.prepare("UPDATE beneficiaries SET start_month = '2024-06' WHERE id % 5 = 0 AND (stop_month IS NULL OR stop_month >= '2024-06')").run();
    db.prepare("UPDATE beneficiaries SET item_code = 'MZ-DB-001' WHERE id % 4 = 0").run();
    db.prepare("UPDATE beneficiaries SET status = 'active', stop_month = NULL WHERE id % 6 = 0").run();
    db.prepare('DELETE FROM beneficiary_changes WHERE id % 11 = 0').run();
    db.prepare('DELETE FROM beneficiary_changes WHERE beneficiary_id = 101').run();
    db.prepare('DELETE FROM beneficiaries WHERE id = 101').run();
    expectTotalsMatchRule(db, '2023-10', '2027-06');
    db.close();
  });

  it('0011: a version-10 file with case events gives the ledger the same stage dates, read from the new index', () => {
    const { db } = dbAtVersion(10);
    fillVersion8(db);
    const event = db.prepare(
      `INSERT INTO case_events (case_id, at, on_date, action, from_status, to_status, from_stage, to_stage, actor_id, actor_name)
       VALUES (@c, 'x', @d, @action, 'in_progress', 'in_progress', @from, @to, 1, '旧账号')`,
    );
    event.run({ c: 1, d: '2026-02-02', action: 'accept', from: null, to: 'review' });
    event.run({ c: 1, d: '2026-02-03', action: 'note', from: 'review', to: 'review' });
    event.run({ c: 1, d: '2026-02-05', action: 'advance', from: 'review', to: 'approval' });
    event.run({ c: 3, d: '2026-02-04', action: 'accept', from: null, to: 'review' });
    const range = { from: '2026-01-01', to: '2026-12-31' };
    const stageDates = () => (db.prepare(LEDGER_SQL).all(range) as { case_no: string; stage_dates: string | null }[]).map((r) => [r.case_no, r.stage_dates]);
    const before = stageDates();
    migrate(db, loadMigrations());
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(11);
    expect(stageDates()).toEqual(before);
    expect(before.map(([no]) => no)).toEqual(['C1', 'C3']);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LEDGER_SQL}`).all(range) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toContain('SEARCH e USING COVERING INDEX case_events_stages (case_id=?)');
    db.close();
  });
});
