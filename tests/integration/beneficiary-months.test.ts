/**
 * beneficiaries.get's month-by-month record (the 待遇 page): each month's amount by the
 * roster's own rule, from the start month up to this month or the stop, newest first.
 */
import { describe, expect, it } from 'vitest';
import { PAID_IN_MONTH_SQL } from '../../db/src/exports/kinds/monthly';
import { caseWorld, VALUES } from '../support/cases';

const LNJT = 'MZ-LNJT-001';

describe('beneficiaries.get: the monthly record', () => {
  it('shows each month from the start to this one as the roster pays it, and ends before a stop', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const old = await w.resident('孙老伯', { birth: '19540610' });
    const { case: c } = await w.intake({ residentId: old, itemCode: LNJT, values: VALUES[LNJT] }, 'li');
    await w.transition('wang', c.id, 'advance');
    const done = await w.transition('chen', c.id, 'approve');
    const id = done.beneficiary!.id;

    w.setDay('2026-05-20');
    const first = await w.as('wang', 'beneficiaries.get', { id });
    expect(first.months).toEqual([
      { month: '2026-05', amount: 150, payment: null },
      { month: '2026-04', amount: 150, payment: null },
    ]);

    const change = await w.as('wang', 'beneficiaries.change', { id, monthlyAmount: 180, fromMonth: '2026-06', reason: '调整' });
    await w.as('chen', 'beneficiaries.confirmChange', { proposalId: change.proposal.id });
    // a proposal is not paid: only the confirmed change shows
    const stop = await w.as('wang', 'beneficiaries.stop', { id, fromMonth: '2026-08', reason: '迁出本市' });
    w.setDay('2026-09-10');
    const pending = await w.as('wang', 'beneficiaries.get', { id });
    expect(pending.months.map((m) => [m.month, m.amount])).toEqual([
      ['2026-09', 180],
      ['2026-08', 180],
      ['2026-07', 180],
      ['2026-06', 180],
      ['2026-05', 150],
      ['2026-04', 150],
    ]);
    await w.as('chen', 'beneficiaries.confirmChange', { proposalId: stop.proposal.id });
    const stopped = await w.as('wang', 'beneficiaries.get', { id });
    expect(stopped.months.map((m) => [m.month, m.amount])).toEqual([
      ['2026-07', 180],
      ['2026-06', 180],
      ['2026-05', 150],
      ['2026-04', 150],
    ]);
    const rule = w.core.db.prepare(`SELECT amount_fen FROM (${PAID_IN_MONTH_SQL}) WHERE id = @id`);
    for (const m of stopped.months) expect((rule.get({ month: m.month, id }) as { amount_fen: number }).amount_fen / 100, m.month).toBe(m.amount);
    expect(rule.get({ month: '2026-08', id })).toBeUndefined();
  });
});
