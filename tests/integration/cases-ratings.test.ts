import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

describe('ratings (好差评) and follow-ups', () => {
  it('takes one rating per case, tied to its clerk; 1 or 2 opens a follow-up due in 15 working days until closed with a note', async () => {
    const w = await caseWorld('2026-09-24T10:00:00+08:00');
    const p = await w.resident('评价人');
    const { case: c } = await w.intake({ residentId: p, itemCode: 'RS-SYDJ-001', values: VALUES['RS-SYDJ-001'] });
    const q = await w.resident('满意人');
    const { case: d } = await w.intake({ residentId: q, itemCode: 'RS-JYKN-001', values: { hardshipType: '残疾人', unemployedSince: '2025-01-01' } }, 'zhao');

    expect((await w.asErr('li', 'cases.rate', { caseId: c.id, score: 0 })).code).toBe('VALIDATION');
    const rated = await w.as('zhao', 'cases.rate', { caseId: c.id, score: 2, comment: '等候时间太长' });
    // 15 working days after Thu 9/24: 中秋 9/25–9/27 and 国庆 10/1–10/7 off, 10/10 (Sat) works:
    // 9/28 9/29 9/30 10/8 10/9 10/10 10/12 … 10/16 10/19 … 10/22.
    expect(rated.rating).toMatchObject({ score: 2, label: '不满意', comment: '等候时间太长', clerkId: rated.clerk.id });
    expect(rated.followUp).toMatchObject({ openedOn: '2026-09-24', dueOn: '2026-10-22', closedAt: null, overdue: false });
    expect((await w.asErr('li', 'cases.rate', { caseId: c.id, score: 5 })).code).toBe('CONFLICT');
    const good = await w.as('li', 'cases.rate', { caseId: d.id, score: 5 });
    expect(good).toMatchObject({ rating: { score: 5, label: '非常满意' }, followUp: null });

    // In the rated clerk's worklist (li took case c in), not in zhao's.
    expect((await w.as('li', 'cases.worklist', {})).followUps).toMatchObject({ total: 1, items: [{ caseNo: c.caseNo, followUp: { score: 2, dueOn: '2026-10-22' } }] });
    expect((await w.as('zhao', 'cases.worklist', {})).followUps.total).toBe(0);
    expect((await w.as('wang', 'cases.worklist', { person: 'all' })).followUps.total).toBe(1);

    expect((await w.asErr('wang', 'cases.closeFollowUp', { caseId: c.id, note: '已回访' })).code).toBe('FORBIDDEN');
    expect((await w.asErr('li', 'cases.closeFollowUp', { caseId: c.id, note: '' })).code).toBe('VALIDATION');
    expect((await w.asErr('li', 'cases.closeFollowUp', { caseId: d.id, note: '无需回访' })).code).toBe('NOT_FOUND');
    w.setDay('2026-10-23');
    expect((await w.as('li', 'cases.get', { id: c.id })).followUp!.overdue).toBe(true);
    const closed = await w.as('admin', 'cases.closeFollowUp', { caseId: c.id, note: '电话回访，已致歉并说明高峰时段' });
    expect(closed.followUp).toMatchObject({ closedBy: '王管理', note: '电话回访，已致歉并说明高峰时段', overdue: false });
    expect((await w.asErr('li', 'cases.closeFollowUp', { caseId: c.id, note: '再次' })).code).toBe('CONFLICT');
    expect((await w.as('li', 'cases.worklist', {})).followUps.total).toBe(0);
    expect(closed.timeline.map((e) => e.action)).toEqual(['intake', 'rate', 'follow_up_closed']);
    await w.expectVerified();
  });
});
