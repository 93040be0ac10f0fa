import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

describe('case life cycles, one item of each family', () => {
  it('最低生活保障 (subsidy, household-based): accept → 入户调查 → 初审 → 民主评议 → 公示 → 审批 → beneficiary → change → stop', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    // The seed's 低保 is decided by the 区民政局 (its life cycle there: cases-district-stage);
    // this is the whole cycle of a centre-decided household item, so the centre decides here.
    await w.centreDecides('MZ-DB-001');
    const head = await w.resident('张三');
    const wife = await w.resident('李梅', { sex: 'female' });
    await w.household(head, [{ id: wife, relation: '配偶' }]);

    const { case: c, replayed, warnings } = await w.intake({ residentId: head, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001'], windowNo: '3号窗口', means: w.householdMeans(head, [1590, 0]) });
    expect(replayed).toBe(false);
    expect(warnings).toEqual([]);
    expect(c).toMatchObject({
      caseNo: '310101001202603020001',
      status: 'in_progress',
      statusLabel: '办理中',
      decision: 'accept',
      decisionLabel: '受理',
      item: { code: 'MZ-DB-001', name: '最低生活保障', family: 'subsidy', familyLabel: '社会救助与补贴', version: expect.any(Number), timeLimitDays: 30 },
      applicant: { residentId: head, name: '张三', idNumber: expect.stringMatching(/^310101\*{8}\d{3}[\dX]$/) },
      dates: { receivedOn: '2026-03-02', acceptedOn: '2026-03-02', dueOn: '2026-04-14', completedOn: null },
      deadline: { status: 'normal', label: '正常' },
      stage: { key: 'homeVisit', name: '入户调查', index: 0, total: 5 },
      clerk: { name: '测试li' },
      windowNo: '3号窗口',
      refusal: null,
      missing: [],
      noticeMissing: null,
      centre: { code: '310101001' },
    });
    // The household as it stood at intake, masked for display.
    expect(c.household!.members.map((m) => [m.name, m.relation, m.isHead])).toEqual([
      ['张三', '本人', true],
      ['李梅', '配偶', false],
    ]);
    expect(c.household!.members[1]!.idNumber).toMatch(/^310101\*{8}/);
    // The receipt's table: 应交/实交 and original/copy for every material.
    const incomeProof = c.materials.find((m) => m.key === 'incomeProof');
    expect(incomeProof).toMatchObject({ name: '家庭成员收入证明', formLabel: '原件', copiesRequired: 1, copiesReceived: 1, complete: true });
    expect(c.materials.find((m) => m.key === 'marriageCert')).toMatchObject({ required: false, copiesReceived: 0, formLabel: '复印件' });
    expect(c.form.find((f) => f.key === 'hasVehicle')).toMatchObject({ label: '家庭是否拥有机动车', display: '否' });
    expect(c.timeline).toHaveLength(1);
    expect(c.timeline[0]).toMatchObject({ action: 'intake', actionLabel: '窗口受理', actor: { name: '测试li' } });
    // The clerk sees only 撤回; the reviewer the stage step.
    expect(c.allowedActions.map((a) => a.action)).toEqual(['withdraw']);
    expect((await w.as('wang', 'cases.get', { id: c.id })).allowedActions.map((a) => a.action)).toEqual(['advance', 'extend', 'withdraw', 'terminate']);

    w.setDay('2026-03-05');
    await w.transition('wang', c.id, 'advance', { stage: 'homeVisit', opinion: '入户核实，家庭情况属实' });
    await w.transition('wang', c.id, 'advance', { stage: 'initialReview', opinion: '初审同意，进入民主评议' });
    w.setDay('2026-03-09');
    const posting = (await w.transition('wang', c.id, 'advance', { stage: 'democraticAppraisal', opinion: '民主评议同意，进入公示' })).case;
    expect(posting.stage!.key).toBe('posting');
    expect(posting.deadline).toMatchObject({ status: 'paused', pausedFor: 'posting', pausedSince: '2026-03-09', postingEndsOn: '2026-03-16' });

    w.setDay('2026-03-16');
    const approval = (await w.transition('wang', c.id, 'advance', { opinion: '公示期满无异议' })).case;
    // 公示 3/9 → 3/16: working days 3/10..3/16 (5) do not count.
    expect(approval.deadline).toMatchObject({ status: 'normal', pausedDays: 5, pausedSince: null });
    expect(approval.dates.dueOn).toBe('2026-04-21');

    w.setDay('2026-03-18');
    const done = await w.transition('chen', c.id, 'approve', { opinion: '经审核符合低保条件，同意', values: { assessedAmount: 1510 } });
    expect(done.case).toMatchObject({
      status: 'approved',
      statusLabel: '办结（准予）',
      stage: null,
      outcome: { result: 'approved', reason: '经审核符合低保条件，同意', completedOn: '2026-03-18' },
      deadline: { status: 'done', onTime: true },
      formValues: { assessedAmount: 1510 },
      allowedActions: [],
    });
    expect(done.case.stages.map((s) => [s.name, s.state, s.by])).toEqual([
      ['入户调查', 'done', '测试wang'],
      ['初审', 'done', '测试wang'],
      ['民主评议', 'done', '测试wang'],
      ['公示', 'done', '测试wang'],
      ['审批', 'done', '测试chen'],
    ]);
    expect(done.case.timeline.map((e) => [e.action, e.stageName, e.opinion?.slice(0, 4)])).toEqual([
      ['intake', null, undefined],
      ['advance', '入户调查', '入户核实'],
      ['advance', '初审', '初审同意'],
      ['advance', '民主评议', '民主评议'],
      ['advance', '公示', '公示期满'],
      ['approve', '审批', '经审核符'],
    ]);
    expect(done.beneficiary).toMatchObject({
      resident: { id: head, name: '张三' },
      itemCode: 'MZ-DB-001',
      caseNo: c.caseNo,
      status: 'active',
      startMonth: '2026-04',
      monthlyAmount: null, // starts next month
      latestAmount: 1510,
      amountSource: 'field',
      annualReview: true,
    });

    const benefitId = done.beneficiary!.id;
    expect((await w.as('li', 'cases.get', { caseNo: c.caseNo })).beneficiary).toMatchObject({ id: benefitId, latestAmount: 1510 });
    w.setDay('2026-04-10');
    expect((await w.as('li', 'beneficiaries.list', { residentId: head })).items[0]).toMatchObject({ id: benefitId, monthlyAmount: 1510 });
    expect((await w.asErr('li', 'beneficiaries.change', { id: benefitId, monthlyAmount: 1600, fromMonth: '2026-07', reason: '标准调整' })).code).toBe('FORBIDDEN');
    // Money changes are proposed by one reviewer and confirmed by a second.
    const proposed = await w.as('wang', 'beneficiaries.change', { id: benefitId, monthlyAmount: 1600, fromMonth: '2026-07', reason: '2026 年低保标准调整' });
    expect(proposed.proposal).toMatchObject({ kind: 'change', status: 'pending', amount: 1600, effectiveMonth: '2026-07', proposedBy: '测试wang' });
    expect(proposed.beneficiary).toMatchObject({ monthlyAmount: 1510, latestAmount: 1510, pendingChange: { id: proposed.proposal.id } });
    const changed = (await w.as('chen', 'beneficiaries.confirmChange', { proposalId: proposed.proposal.id })).beneficiary;
    expect(changed).toMatchObject({ monthlyAmount: 1510, latestAmount: 1600, pendingChange: null });
    expect((await w.asErr('wang', 'beneficiaries.change', { id: benefitId, monthlyAmount: 1550, fromMonth: '2026-06', reason: '补录' })).fields?.[0]?.path).toBe('fromMonth');
    const stop = await w.as('admin', 'beneficiaries.stop', { id: benefitId, fromMonth: '2026-10', reason: '家庭收入超过低保标准' });
    expect(stop.beneficiary).toMatchObject({ status: 'active', stopMonth: null });
    const stopped = (await w.as('wang', 'beneficiaries.confirmChange', { proposalId: stop.proposal.id })).beneficiary;
    expect(stopped).toMatchObject({ status: 'stopping', stopMonth: '2026-10', stopReason: '家庭收入超过低保标准' });
    expect(stopped.history.map((h) => [h.kind, h.effectiveMonth, h.amount, h.by, h.proposedBy])).toEqual([
      ['start', '2026-04', 1510, '测试chen', null],
      ['change', '2026-07', 1600, '测试chen', '测试wang'],
      ['stop', '2026-10', null, '测试wang', '王管理'],
    ]);
    expect((await w.asErr('wang', 'beneficiaries.stop', { id: benefitId, fromMonth: '2026-11', reason: '再次停发' })).code).toBe('CONFLICT');
    w.setDay('2026-10-09');
    expect((await w.as('wang', 'beneficiaries.list', { status: 'stopped' })).items[0]).toMatchObject({ status: 'stopped', monthlyAmount: null });
    await w.expectVerified();
  });

  it('老年综合津贴 (elderly care): the monthly amount comes from the age tier; 复核 is not due for it', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const old = await w.resident('王老伯', { birth: '19540610' }); // 71 at intake, 71 in April
    const { case: c } = await w.intake({ residentId: old, itemCode: 'MZ-LNJT-001', values: VALUES['MZ-LNJT-001'] });
    expect(c.dates.dueOn).toBe('2026-03-16'); // 10 working days
    await w.transition('wang', c.id, 'advance');
    const done = await w.transition('chen', c.id, 'approve');
    expect(done.beneficiary).toMatchObject({ latestAmount: 150, amountSource: 'age_tier', startMonth: '2026-04', annualReview: false });
    expect((await w.as('li', 'beneficiaries.reviewsDue', { from: '2027-01', to: '2027-12' })).items).toEqual([]);
    // The approval makes it an active benefit: the hint for it disappears.
    const pre = await w.as('li', 'cases.precheck', { residentId: old });
    expect(pre.hints.map((h) => h.itemCode)).not.toContain('MZ-LNJT-001');
    expect(pre.activeBenefits).toMatchObject([{ itemCode: 'MZ-LNJT-001', source: 'beneficiary' }]);
  });

  it('创业扶持 (employment): 初审 → 实地核查 → 审批 → not approved with reasons; 灵活就业社保补贴 pays from the approver amount field', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('赵创业');
    const { case: c } = await w.intake({ residentId: p, itemCode: 'RS-CYFC-001', values: VALUES['RS-CYFC-001'] });
    expect(c.item.familyLabel).toBe('就业援助');
    await w.transition('wang', c.id, 'advance');
    await w.transition('wang', c.id, 'advance', { stage: 'siteCheck', opinion: '实地核查：未见经营场所' });
    const rejected = await w.transition('chen', c.id, 'reject', { opinion: '经营场所不符合要求，不予批准' });
    expect(rejected.case).toMatchObject({ status: 'not_approved', statusLabel: '办结（不予批准）', outcome: { reason: '经营场所不符合要求，不予批准' } });
    expect(rejected.beneficiary).toBeNull();

    const q = await w.resident('钱灵活');
    const { case: f } = await w.intake({ residentId: q, itemCode: 'RS-LHJY-001', values: VALUES['RS-LHJY-001'] });
    await w.transition('wang', f.id, 'advance');
    // Neither the form nor a tier nor a default gives the amount: the approver must.
    const missing = await w.asErr('chen', 'cases.transition', { caseId: f.id, action: 'approve', opinion: '同意' });
    expect(missing).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'monthlyAmount' }] });
    expect(w.row(f.id).status).toBe('in_progress');
    const ok = await w.transition('chen', f.id, 'approve', { values: { subsidyAmount: 600 }, startMonth: '2026-03' });
    expect(ok.beneficiary).toMatchObject({ latestAmount: 600, startMonth: '2026-03', monthlyAmount: 600, annualReview: true });
    expect((await w.as('li', 'beneficiaries.reviewsDue', { from: '2027-01', to: '2028-12' })).items.map((r) => [r.dueMonth, r.cycle, r.beneficiary.itemCode])).toEqual([
      ['2027-03', 1, 'RS-LHJY-001'],
      ['2028-03', 2, 'RS-LHJY-001'],
    ]);
    await w.expectVerified();
  });
});
