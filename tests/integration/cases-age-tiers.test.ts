import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

const GLYY = 'MZ-GLYY-001'; // 高龄老人营养费补贴: tiers 90–99 (100 元), 100+ (300 元)
const LNJT = 'MZ-LNJT-001'; // 老年综合津贴: tiers from 65

async function toApproval(w: Awaited<ReturnType<typeof caseWorld>>, residentId: number, itemCode: string) {
  const out = await w.intake({ residentId, itemCode, values: VALUES[itemCode] });
  await w.transition('wang', out.case.id, 'advance');
  return out;
}

describe('benefits paid by age tier', () => {
  it('warns at intake when the applicant is in no tier, naming the age and the tiers, for every tiered item', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const eighty = await w.resident('八十岁', { birth: '19460101' });
    const pre = await w.as('li', 'cases.precheck', { residentId: eighty, itemCode: GLYY });
    expect(pre.warnings).toEqual([
      { kind: 'no_age_tier', itemCode: GLYY, caseNo: null, message: '申请人年龄80岁，不在本事项任何年龄档（90–99岁、100岁以上）内' },
    ]);
    const young = await w.resident('六十岁', { birth: '19660101' });
    expect((await w.as('li', 'cases.precheck', { residentId: young, itemCode: LNJT })).warnings).toMatchObject([
      { kind: 'no_age_tier', message: '申请人年龄60岁，不在本事项任何年龄档（65–69岁、70–79岁、80–89岁、90–99岁、100岁以上）内' },
    ]);
    // The intake itself is not refused (the clerk may still take it in) and carries the warning.
    const taken = await w.intake({ residentId: eighty, itemCode: GLYY, values: VALUES[GLYY] });
    expect(taken.warnings).toMatchObject([{ kind: 'no_age_tier' }]);
    // In a tier: no warning; the age is that of the intake day (turning 90 tomorrow is not yet 90).
    const ninety = await w.resident('九十岁', { birth: '19360302' });
    expect((await w.as('li', 'cases.precheck', { residentId: ninety, itemCode: GLYY })).warnings).toEqual([]);
    const almost = await w.resident('明天九十', { birth: '19360303' });
    expect((await w.as('li', 'cases.precheck', { residentId: almost, itemCode: GLYY })).warnings).toMatchObject([{ kind: 'no_age_tier', message: expect.stringContaining('89岁') }]);
    // An item without tiers never warns about age.
    expect((await w.as('li', 'cases.precheck', { residentId: young, itemCode: 'MZ-LNRT-001' })).warnings).toEqual([]);
  });

  it('refuses the approval when no tier matches on the approval date, leaving the case as it was', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const eighty = await w.resident('八十岁', { birth: '19460101' });
    const { case: c } = await toApproval(w, eighty, GLYY);
    const before = w.row(c.id);
    const events = w.eventCount(c.id);
    for (const extra of [{}, { monthlyAmount: 500 }]) {
      const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意', ...extra });
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toBe('申请人审批日年龄80岁，不在高龄老人营养费补贴任何年龄档（90–99岁、100岁以上）内，不能审批通过');
      expect(e.details).toMatchObject({ rule: 'age_tier', age: 80 });
    }
    expect(w.row(c.id)).toEqual(before);
    expect(w.eventCount(c.id)).toBe(events);
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 0 });
    // 不予批准 stays possible.
    expect((await w.transition('chen', c.id, 'reject', { opinion: '未满 90 周岁' })).case.status).toBe('not_approved');
  });

  it('refuses an amount typed at approval that differs from the matched tier; the tier amount itself passes', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const ninetyFive = await w.resident('九十五岁', { birth: '19310101' });
    const { case: c } = await toApproval(w, ninetyFive, GLYY);
    const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意', monthlyAmount: 500 });
    expect(e).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'monthlyAmount', message: '高龄老人营养费补贴按年龄档发放：95岁（90–99岁）每月 100 元，不能填写 500 元' }] });
    expect(w.row(c.id).status).toBe('in_progress');
    const ok = await w.transition('chen', c.id, 'approve', { monthlyAmount: 100 });
    expect(ok.beneficiary).toMatchObject({ latestAmount: 100, amountSource: 'age_tier' });

    // Without an amount the tier gives it.
    const other = await w.resident('一百岁', { birth: '19250101' });
    const { case: d } = await toApproval(w, other, GLYY);
    expect((await w.transition('chen', d.id, 'approve')).beneficiary).toMatchObject({ latestAmount: 300, amountSource: 'age_tier' });
  });
});
