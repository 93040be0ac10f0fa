import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

const LSJZ = 'MZ-LSJZ-001';

describe('precheck: conflicts, warnings and hints', () => {
  it('refuses a second open case of the same item, naming the open case; a closed one does not block', async () => {
    const w = await caseWorld();
    const p = await w.resident('冲突');
    const { case: c } = await w.intake({ residentId: p, itemCode: 'RS-SYDJ-001', values: VALUES['RS-SYDJ-001'] });
    const pre = await w.asErr('li', 'cases.precheck', { residentId: p, itemCode: 'RS-SYDJ-001' });
    expect(pre.code).toBe('CONFLICT');
    expect(pre.message).toContain(c.caseNo);
    expect(pre.details).toMatchObject({ openCase: { caseNo: c.caseNo, status: 'in_progress' }, openCases: [{ caseNo: c.caseNo }], activeBenefits: [], hints: expect.any(Array) });
    const again = await w.asErr('zhao', 'cases.intake', { residentId: p, itemCode: 'RS-SYDJ-001', values: VALUES['RS-SYDJ-001'], decision: 'accept', materials: w.fullMaterials('RS-SYDJ-001'), idempotencyKey: 'second-open-1' });
    expect(again).toMatchObject({ code: 'CONFLICT', details: { openCase: { caseNo: c.caseNo } } });
    // Another item is no conflict; the open case shows in the precheck.
    expect((await w.as('li', 'cases.precheck', { residentId: p, itemCode: 'RS-JYKN-001' })).openCases).toMatchObject([{ caseNo: c.caseNo }]);
    await w.transition('wang', c.id, 'approve');
    expect((await w.as('li', 'cases.precheck', { residentId: p, itemCode: 'RS-SYDJ-001' })).openCase).toBeNull();
  });

  it('warns for 临时救助 with the same cause, person and calendar year, without refusing', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('火灾户');
    await w.household(p);
    const { case: first } = await w.intake({ residentId: p, itemCode: LSJZ, values: VALUES[LSJZ] });
    await w.transition('wang', first.id, 'advance');
    await w.transition('chen', first.id, 'approve');

    w.setDay('2026-11-20');
    const pre = await w.as('li', 'cases.precheck', { residentId: p, itemCode: LSJZ, values: VALUES[LSJZ] });
    expect(pre.warnings).toMatchObject([{ kind: 'repeat_cause', caseNo: first.caseNo }]);
    expect(pre.warnings[0]!.message).toContain('困难原因：火灾等自然灾害');
    expect((await w.as('li', 'cases.precheck', { residentId: p, itemCode: LSJZ, values: { ...VALUES[LSJZ], cause: 'illness' } })).warnings).toEqual([]);
    const second = await w.intake({ residentId: p, itemCode: LSJZ, values: VALUES[LSJZ] });
    expect(second.warnings).toMatchObject([{ kind: 'repeat_cause' }]);
    expect(second.case.status).toBe('in_progress');
    await w.transition('wang', second.case.id, 'withdraw', { opinion: '申请人撤回' });

    w.setDay('2027-01-05');
    expect((await w.as('li', 'cases.precheck', { residentId: p, itemCode: LSJZ, values: VALUES[LSJZ] })).warnings).toEqual([]);
  });

  it('warns for items that cannot be combined, reading the lists of both items, and for pending applications', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    // 老年日托 lists 养老机构入住 as incompatible; 养老机构入住 does not list 老年日托.
    const a = await w.resident('入住者', { birth: '19400101' });
    const { case: home } = await w.intake({ residentId: a, itemCode: 'MZ-YLJG-001', values: VALUES['MZ-YLJG-001'] });
    await w.transition('wang', home.id, 'advance');
    await w.transition('chen', home.id, 'approve');
    const daycare = await w.as('li', 'cases.precheck', { residentId: a, itemCode: 'MZ-LNRT-001' });
    expect(daycare.warnings).toMatchObject([{ kind: 'cannot_combine', itemCode: 'MZ-YLJG-001', caseNo: home.caseNo }]);

    const b = await w.resident('日托者', { birth: '19500101' });
    const { case: day } = await w.intake({ residentId: b, itemCode: 'MZ-LNRT-001', values: VALUES['MZ-LNRT-001'] });
    // Pending: the 日托 application is still open.
    expect((await w.as('li', 'cases.precheck', { residentId: b, itemCode: 'MZ-YLJG-001' })).warnings).toMatchObject([{ kind: 'cannot_combine_pending', caseNo: day.caseNo }]);
    await w.transition('wang', day.id, 'advance');
    await w.transition('chen', day.id, 'approve');
    // From the other side: 入住's own list is silent, 日托's list speaks.
    expect((await w.as('li', 'cases.precheck', { residentId: b, itemCode: 'MZ-YLJG-001' })).warnings).toMatchObject([{ kind: 'cannot_combine', itemCode: 'MZ-LNRT-001' }]);

    // A recurring benefit being paid: 特困 excludes 低保. (特困 is the 区民政局's decision; for
    // a benefit in force without a decision import, the centre decides this version.)
    await w.centreDecides('MZ-TK-001');
    const c = await w.resident('特困者', { birth: '19450101' });
    await w.household(c);
    const { case: tk } = await w.intake({ residentId: c, itemCode: 'MZ-TK-001', values: VALUES['MZ-TK-001'] });
    for (let i = 0; i < 2; i++) await w.transition('wang', tk.id, 'advance');
    w.setDay('2026-03-09');
    await w.transition('wang', tk.id, 'advance');
    await w.transition('chen', tk.id, 'approve', { values: { assessedAmount: 2000 }, startMonth: '2026-03' });
    const dibao = await w.intake({ residentId: c, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001'], means: w.householdMeans(c) });
    expect(dibao.warnings).toMatchObject([{ kind: 'cannot_combine', itemCode: 'MZ-TK-001', message: expect.stringContaining('正在享受特困人员救助供养') }]);
  });

  it('hints other items from age on the intake date, sex, household and active benefits', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const hints = async (id: number) => ((await w.as('li', 'cases.precheck', { residentId: id })).hints as { itemCode: string }[]).map((h) => h.itemCode).sort();

    const turning65 = await w.resident('明天六十五', { birth: '19610303' });
    expect(await hints(turning65)).toEqual(['MZ-LNRT-001', 'YB-CHXP-001']);
    w.setDay('2026-03-03');
    expect(await hints(turning65)).toEqual(['MZ-LNJT-001', 'MZ-LNRT-001', 'YB-CHXP-001']);

    const nonagenarian = await w.resident('九旬', { birth: '19350101' });
    expect(await hints(nonagenarian)).toEqual(['MZ-GLYY-001', 'MZ-LNJT-001', 'MZ-LNRT-001', 'MZ-YLJG-001', 'YB-CHXP-001']);

    const woman = await w.resident('女四十五', { birth: '19810101', sex: 'female' });
    const man = await w.resident('男四十五', { birth: '19810101', sex: 'male' });
    expect(await hints(woman)).toEqual(['RS-JYKN-001']);
    expect(await hints(man)).toEqual([]);
    expect(await hints(await w.resident('青年', { birth: '20010101' }))).toEqual(['RS-QNJY-001']);

    // A 低保 household member in work age: 残疾人生活补贴 and 就业困难 follow from the benefit.
    // (the centre decides this 低保 version: the benefit in force is what matters here)
    await w.centreDecides('MZ-DB-001');
    const head = await w.resident('低保户主', { birth: '19810101' });
    await w.household(head);
    const { case: db } = await w.intake({ residentId: head, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001'], means: w.householdMeans(head, [50]) });
    for (let i = 0; i < 3; i++) await w.transition('wang', db.id, 'advance');
    w.setDay('2026-03-10');
    await w.transition('wang', db.id, 'advance');
    await w.transition('chen', db.id, 'approve', { values: { assessedAmount: 1500 }, startMonth: '2026-03' });
    expect(await hints(head)).toEqual(['CL-SHBT-001', 'RS-JYKN-001']);
  });
});
