import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

const SHBT = 'CL-SHBT-001'; // 残疾人生活补贴, 20 working days
const SYDJ = 'RS-SYDJ-001'; // 失业登记, 3 working days, photo (2 copies) deferrable

describe('decisions at the window', () => {
  it('补正: the one-time notice lists everything missing, the clock waits, and supplying the rest accepts the case', async () => {
    const w = await caseWorld('2026-02-10T10:00:00+08:00');
    const p = await w.resident('孙残');
    const { case: c } = await w.intake({
      residentId: p,
      itemCode: SHBT,
      values: VALUES[SHBT],
      decision: 'notify_missing',
      materials: w.fullMaterials(SHBT, ['disabilityCert', 'bankCard']),
    });
    expect(c).toMatchObject({
      status: 'waiting_materials',
      statusLabel: '待补正',
      decisionLabel: '一次性告知（补正）',
      stage: null,
      dates: { receivedOn: '2026-02-10', acceptedOn: null, dueOn: null },
      deadline: { status: 'paused', pausedFor: 'materials', daysLeft: null },
      allowedActions: [{ action: 'withdraw' }],
    });
    const notice = [
      { key: 'disabilityCert', name: '中华人民共和国残疾人证（第二代）', form: 'original', copiesRequired: 1, copiesReceived: 0, deferrable: false },
      { key: 'bankCard', name: '本人银行卡或存折', form: 'copy', copiesRequired: 1, copiesReceived: 0, deferrable: false },
    ];
    expect(c.noticeMissing).toEqual(notice);
    expect(c.missing).toEqual(notice);
    expect((await w.as('li', 'cases.worklist', {})).waitingMaterials).toMatchObject({ total: 1, items: [{ caseNo: c.caseNo }] });

    // A partial supply is recorded; the case keeps waiting and the notice stays as printed.
    w.setDay('2026-02-12');
    const partial = await w.as('zhao', 'cases.supplyMaterials', { caseId: c.id, materials: [{ key: 'bankCard', copies: 1 }] });
    expect(partial.accepted).toBe(false);
    expect(partial.case).toMatchObject({ status: 'waiting_materials', noticeMissing: notice, missing: [{ key: 'disabilityCert' }] });

    // Across 春节 (2/15–2/23, make-up Saturday 2/28): 20 working days from 2/26.
    w.setDay('2026-02-26');
    const done = await w.as('zhao', 'cases.supplyMaterials', { caseId: c.id, materials: [{ key: 'disabilityCert', copies: 1 }] });
    expect(done.accepted).toBe(true);
    expect(done.case).toMatchObject({
      status: 'in_progress',
      stage: { key: 'initialReview' },
      missing: [],
      dates: { receivedOn: '2026-02-10', acceptedOn: '2026-02-26', dueOn: '2026-03-25' },
      acceptedBy: { name: '测试zhao' },
      deadline: { status: 'normal', daysLeft: 20 },
    });
    expect(done.case.timeline.map((e) => [e.action, e.toStatus])).toEqual([
      ['intake', 'waiting_materials'],
      ['supply', 'waiting_materials'],
      ['supply', 'in_progress'],
    ]);
    expect((await w.as('li', 'cases.worklist', {})).waitingMaterials.total).toBe(0);
    await w.expectVerified();
  });

  it('容缺: only deferrable materials, each due by the case deadline, with a signed commitment; one never delivered ends in 终止', async () => {
    const w = await caseWorld('2026-03-02T10:00:00+08:00');
    const p = await w.resident('周失业');
    const base = { residentId: p, itemCode: SYDJ, values: VALUES[SYDJ], decision: 'accept_deferred' as const };

    // Everything wrong at once: a main material missing, a date past the deadline, no commitment.
    const bad = await w.asErr('li', 'cases.intake', {
      ...base,
      idempotencyKey: 'bad-deferred-1',
      materials: w.fullMaterials(SYDJ, ['photo', 'hukou']),
      deferred: [{ key: 'photo', dueDate: '2026-03-06' }],
    });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields?.map((f) => f.path)).toEqual(['materials.hukou', 'deferred.0.dueDate', 'commitment']);
    expect(bad.fields?.[1]?.message).toContain('2026-03-05');
    expect(w.core.db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 0 });

    const { case: c } = await w.intake({
      ...base,
      materials: [...w.fullMaterials(SYDJ, ['photo']), { key: 'photo', copies: 1 }],
      deferred: [{ key: 'photo', dueDate: '2026-03-04' }],
      commitment: { signed: true },
    });
    expect(c).toMatchObject({
      status: 'in_progress',
      decisionLabel: '容缺受理',
      dates: { acceptedOn: '2026-03-02', dueOn: '2026-03-05' },
      deferred: [{ key: 'photo', name: '近期一寸免冠照片', dueDate: '2026-03-04', receivedOn: null, overdue: false }],
      commitment: expect.stringContaining('逾期未补交的，同意终止办理'),
    });
    expect(c.materials.find((m) => m.key === 'photo')).toMatchObject({ copiesRequired: 2, copiesReceived: 1, complete: false, deferredDue: '2026-03-04' });

    w.setDay('2026-03-05');
    const wl = await w.as('li', 'cases.worklist', {});
    expect(wl.deferredDue).toMatchObject({ total: 1, items: [{ caseNo: c.caseNo, material: { key: 'photo', dueDate: '2026-03-04', overdue: true } }] });
    expect((await w.as('wang', 'cases.get', { id: c.id })).deferred[0]!.overdue).toBe(true);
    const ended = await w.transition('wang', c.id, 'terminate', { opinion: '容缺材料（照片）逾期未补交，终止办理' });
    expect(ended.case).toMatchObject({ status: 'terminated', statusLabel: '已终止', outcome: { reason: '容缺材料（照片）逾期未补交，终止办理' }, deadline: { status: 'done' } });
    expect((await w.as('li', 'cases.worklist', {})).deferredDue.total).toBe(0);

    // A deferred material that does come is marked received that day.
    const q = await w.resident('吴按时');
    const { case: d } = await w.intake({
      residentId: q,
      itemCode: SYDJ,
      values: VALUES[SYDJ],
      decision: 'accept_deferred',
      materials: w.fullMaterials(SYDJ, ['photo']),
      deferred: [{ key: 'photo', dueDate: '2026-03-09' }],
      commitment: { signed: true, text: '本人承诺 3 月 9 日前补交照片' },
    });
    w.setDay('2026-03-06');
    const supplied = await w.as('li', 'cases.supplyMaterials', { caseId: d.id, materials: [{ key: 'photo', copies: 2 }] });
    expect(supplied.case.deferred).toEqual([{ key: 'photo', name: '近期一寸免冠照片', dueDate: '2026-03-09', receivedOn: '2026-03-06', overdue: false }]);
    expect(supplied.case.commitment).toBe('本人承诺 3 月 9 日前补交照片');
    expect(supplied.case.dates.dueOn).toBe(d.dates.dueOn);
    await w.expectVerified();
  });

  it('补正 may end in 容缺: the supply that leaves only deferrable materials missing accepts with a commitment', async () => {
    const w = await caseWorld('2026-03-02T10:00:00+08:00');
    const p = await w.resident('补正转容缺');
    const { case: c } = await w.intake({ residentId: p, itemCode: SYDJ, values: VALUES[SYDJ], decision: 'notify_missing', materials: w.fullMaterials(SYDJ, ['photo', 'hukou']) });
    expect(c.noticeMissing!.map((m) => m.key)).toEqual(['hukou', 'photo']);
    w.setDay('2026-03-04');
    const noPromise = await w.asErr('li', 'cases.supplyMaterials', { caseId: c.id, materials: [{ key: 'hukou', copies: 1 }], deferred: [{ key: 'photo', dueDate: '2026-03-06' }] });
    expect(noPromise).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'commitment' }] });
    const out = await w.as('li', 'cases.supplyMaterials', {
      caseId: c.id,
      materials: [{ key: 'hukou', copies: 1 }],
      deferred: [{ key: 'photo', dueDate: '2026-03-06' }],
      commitment: { signed: true },
    });
    expect(out).toMatchObject({
      accepted: true,
      case: { status: 'in_progress', dates: { receivedOn: '2026-03-02', acceptedOn: '2026-03-04', dueOn: '2026-03-09' }, deferred: [{ key: 'photo', dueDate: '2026-03-06' }] },
    });
    expect(out.case.commitment).toContain('逾期未补交');
  });

  it('不予受理 records the reason and where to go instead; nothing runs afterwards', async () => {
    const w = await caseWorld();
    const p = await w.resident('郑外区');
    const noReason = await w.asErr('li', 'cases.intake', { residentId: p, itemCode: SHBT, decision: 'refuse', materials: [], idempotencyKey: 'refuse-no-reason' });
    expect(noReason).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'refusal.reason' }] });
    const { case: c } = await w.intake({
      residentId: p,
      itemCode: SHBT,
      decision: 'refuse',
      materials: [{ key: 'idCard', copies: 1 }],
      refusal: { reason: '申请人户籍不在本街道', referTo: '户籍所在地街道社区事务受理服务中心' },
    });
    expect(c).toMatchObject({
      status: 'refused',
      statusLabel: '不予受理',
      refusal: { reason: '申请人户籍不在本街道', referTo: '户籍所在地街道社区事务受理服务中心' },
      dates: { receivedOn: '2026-03-02', acceptedOn: null, dueOn: null, completedOn: '2026-03-02' },
      deadline: { status: 'done' },
      formValues: {},
      allowedActions: [],
    });
    expect((await w.asErr('wang', 'cases.transition', { caseId: c.id, action: 'withdraw', opinion: '撤回' })).code).toBe('CONFLICT');
    expect((await w.asErr('li', 'cases.supplyMaterials', { caseId: c.id, materials: [{ key: 'bankCard', copies: 1 }] })).code).toBe('CONFLICT');
  });

  it('names every wrong form field and material in one VALIDATION, and refuses 受理 with materials missing', async () => {
    const w = await caseWorld();
    const p = await w.resident('冯填错');
    const e = await w.asErr('li', 'cases.intake', {
      residentId: p,
      itemCode: 'RS-CYFC-001',
      idempotencyKey: 'wrong-fields-1',
      decision: 'accept',
      values: { businessName: '', creditCode: 123, registeredOn: '2026-02-30', employees: 9999, supportType: '无', colour: 'red' },
      materials: [...w.fullMaterials('RS-CYFC-001', ['taxRecords']), { key: 'unknown', copies: 1 }],
    });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields?.map((f) => f.path)).toEqual([
      'values.colour',
      'values.businessName',
      'values.creditCode',
      'values.registeredOn',
      'values.employees',
      'values.supportType',
      'materials.4.key',
      'materials.taxRecords',
    ]);
    expect(e.fields?.at(-1)?.message).toBe('“纳税或社保缴费记录”应交 1 份，实交 0 份：材料不齐不能直接受理（可容缺受理或一次性告知）');

    // Household-based items need the household; a retired item takes no new case.
    const lone = await w.asErr('li', 'cases.intake', { residentId: p, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001'], materials: w.fullMaterials('MZ-DB-001'), decision: 'accept', idempotencyKey: 'no-household-1' });
    expect(lone).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'residentId' }] });
    await w.as('admin', 'catalogue.retire', { code: 'RS-ZYPX-001', reason: '政策调整' });
    const retired = await w.asErr('li', 'cases.intake', { residentId: p, itemCode: 'RS-ZYPX-001', materials: [], decision: 'accept', idempotencyKey: 'retired-item-1' });
    expect(retired.code).toBe('CONFLICT');
    expect(retired.message).toContain('已停用');
    expect(w.core.db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 0 });
  });
});
