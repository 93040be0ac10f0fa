/**
 * What the triggers of migrations 0009 and 0010 keep (a case's earliest outstanding
 * deferral, the monthly payment totals) must hold for generated data too, however the
 * generator loads its rows: the worklist and the 月报 read only those.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../db/src/beneficiaries/months';
import { PAID_BY_ITEM_SQL, PAID_IN_MONTH_SQL } from '../../db/src/exports/kinds/monthly';
import { seedDatabase } from '../../db/src/demo/generate';
import { tempDir } from '../support/temp';

describe('seed: derived data', () => {
  it('fills open_deferred_due and the monthly payment totals exactly as the triggers would', () => {
    const dbPath = join(tempDir('onewindow-seed-derived-'), 'seed.sqlite');
    const result = seedDatabase({ dbPath, residents: 400, cases: 2500, seed: 'derived', until: '2026-11-20' });
    expect(result.beneficiaries).toBeGreaterThan(50);
    const db = new Database(dbPath, { readonly: true });
    try {
      const wrongDeferral = db
        .prepare(
          `SELECT count(*) AS n FROM cases c
            WHERE c.open_deferred_due IS NOT (SELECT min(m.deferred_due) FROM case_materials m
                                               WHERE m.case_id = c.id AND m.deferred_due IS NOT NULL AND m.received_later_on IS NULL)`,
        )
        .get() as { n: number };
      expect(wrongDeferral.n).toBe(0);
      const outstanding = db.prepare('SELECT count(*) AS n FROM cases WHERE open_deferred_due IS NOT NULL').get() as { n: number };
      expect(outstanding.n).toBeGreaterThan(0);

      const rule = db.prepare(`SELECT item_code, count(*) AS n, sum(amount_fen) AS fen FROM (${PAID_IN_MONTH_SQL}) WHERE amount_fen IS NOT NULL GROUP BY item_code ORDER BY item_code`);
      const totals = db.prepare(`${PAID_BY_ITEM_SQL} ORDER BY item_code`);
      let paidMonths = 0;
      for (let month = '2020-01'; month <= '2027-03'; month = addMonths(month, 1)) {
        const expected = rule.all({ month });
        expect(totals.all({ month }), month).toEqual(expected);
        if (expected.length) paidMonths++;
      }
      expect(paidMonths).toBeGreaterThan(12);
    } finally {
      db.close();
    }
  });
});
