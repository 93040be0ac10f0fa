import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

const DB = 'MZ-DB-001';
const ALL = ['advance', 'approve', 'reject', 'extend', 'withdraw', 'terminate'] as const;

async function dibaoWorld() {
  const w = await caseWorld('2026-03-02T09:00:00+08:00');
  // The centre's own 审批 of a household item; the seed's 低保 is the 区民政局's, whose
  // 待区级审核确认 stage is tested in cases-district-stage.test.ts.
  await w.centreDecides(DB);
  let n = 0;
  /** A new household head with a 低保 case taken in by `clerk`. */
  async function dibao(extra: Record<string, unknown> = {}, clerk = 'li') {
    n += 1;
    const head = await w.resident(`户主${n}`);
    await w.household(head);
    // A one-person household earning 650 元: approved at 1550 − 650 = 900 元.
    const means = extra.decision === 'notify_missing' ? {} : { means: w.householdMeans(head, [650]) };
    return (await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB], materials: w.fullMaterials(DB), ...means, ...extra }, clerk)).case;
  }
  return { ...w, dibao };
}

describe('the state machine of 最低生活保障', () => {
  it('refuses every illegal transition with the state and the allowed steps, and changes nothing', async () => {
    const w = await dibaoWorld();
    const auditCount = () => (w.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

    const waiting = await w.dibao({ decision: 'notify_missing', materials: w.fullMaterials(DB, ['incomeProof']) });
    const atVisit = await w.dibao();
    const extended = await w.dibao();
    await w.transition('wang', extended.id, 'extend', { opinion: '入户调查需补充核对，延期' });
    const atApproval = await w.dibao();
    const approved = await w.dibao();
    const notApproved = await w.dibao();
    for (const c of [atApproval, approved, notApproved]) for (let i = 0; i < 3; i++) await w.transition('wang', c.id, 'advance');
    // Their 公示 entered on 3/2 may end on 3/9 at the earliest.
    w.setDay('2026-03-09');
    for (const c of [atApproval, approved, notApproved]) await w.transition('wang', c.id, 'advance');
    await w.transition('chen', approved.id, 'approve', { values: { assessedAmount: 900 } });
    await w.transition('chen', notApproved.id, 'reject', { opinion: '家庭收入超过标准' });
    const posting = await w.dibao();
    for (let i = 0; i < 3; i++) await w.transition('wang', posting.id, 'advance');
    const withdrawn = await w.dibao();
    await w.transition('li', withdrawn.id, 'withdraw', { opinion: '申请人书面申请撤回' });
    const terminated = await w.dibao();
    await w.transition('wang', terminated.id, 'terminate', { opinion: '申请人失联' });
    const refused = await w.dibao({ decision: 'refuse', refusal: { reason: '不符合申请条件' } });
    const atReview = await w.dibao();
    await w.transition('wang', atReview.id, 'advance');

    const cases: [string, any, string | null, string | null, string[]][] = [
      ['waiting_materials', waiting, 'waiting_materials', null, ['withdraw', 'terminate']],
      ['入户调查', atVisit, 'in_progress', 'homeVisit', ['advance', 'extend', 'withdraw', 'terminate']],
      ['extended once', extended, 'in_progress', 'homeVisit', ['advance', 'withdraw', 'terminate']],
      ['公示 not yet over', posting, 'in_progress', 'posting', ['extend', 'withdraw', 'terminate']],
      ['审批', atApproval, 'in_progress', 'approval', ['approve', 'reject', 'extend', 'withdraw', 'terminate']],
      ['approved', approved, 'approved', null, []],
      ['not approved', notApproved, 'not_approved', null, []],
      ['withdrawn', withdrawn, 'withdrawn', null, []],
      ['terminated', terminated, 'terminated', null, []],
      ['refused', refused, 'refused', null, []],
    ];
    let refusedCount = 0;
    for (const [label, c, status, stage, allowed] of cases) {
      for (const action of ALL.filter((a) => !allowed.includes(a))) {
        const before = { row: w.row(c.id), events: w.eventCount(c.id), audit: auditCount() };
        const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action, opinion: '尝试' });
        expect(e.code, `${label}: ${action}`).toBe('CONFLICT');
        expect(e.details, `${label}: ${action}`).toMatchObject({ status, stage, allowed, action });
        expect({ row: w.row(c.id), events: w.eventCount(c.id), audit: auditCount() }).toEqual(before);
        refusedCount++;
      }
    }
    expect(refusedCount).toBe(4 + 2 + 3 + 3 + 1 + 6 * 5);
    const early = await w.asErr('wang', 'cases.transition', { caseId: posting.id, action: 'advance', opinion: '公示结束' });
    expect(early.message).toContain('公示期未满，2026-03-16 起方可进入下一环节');
    expect(early.details).toMatchObject({ postingEndsOn: '2026-03-16' });

    // A stale page: the stage the reviewer saw is no longer the current one.
    const stale = await w.asErr('wang', 'cases.transition', { caseId: atReview.id, action: 'advance', stage: 'homeVisit', opinion: '入户完成' });
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { stage: 'initialReview', expectedStage: 'homeVisit' } });
    // ... also when the action the old page offered is not allowed at the current stage
    const staleDecision = await w.asErr('wang', 'cases.transition', { caseId: atReview.id, action: 'approve', stage: 'approval', opinion: '同意' });
    expect(staleDecision).toMatchObject({ code: 'CONFLICT', details: { stage: 'initialReview', expectedStage: 'approval', action: 'approve' } });
    expect(staleDecision.message).toMatch(/^办件已被他人处理：当前状态为“办理中·初审”，不能“审批通过”（可进行：/);
    await w.expectVerified();
  });

  it('four eyes: whoever accepted the case cannot decide it (审批人不能是受理人)', async () => {
    const w = await dibaoWorld();
    const mine = await w.dibao({}, 'both');
    for (let i = 0; i < 3; i++) await w.transition('both', mine.id, 'advance');
    w.setDay('2026-03-09');
    await w.transition('both', mine.id, 'advance');
    const view = await w.as('both', 'cases.get', { id: mine.id });
    expect(view.allowedActions.map((a) => a.action)).toEqual(['extend', 'withdraw', 'terminate']);
    for (const action of ['approve', 'reject'] as const) {
      const e = await w.asErr('both', 'cases.transition', { caseId: mine.id, action, opinion: '同意', values: { assessedAmount: 900 } });
      expect(e).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'four_eyes' } });
      expect(e.message).toContain('审批人不能是受理人');
    }
    expect(w.row(mine.id)).toMatchObject({ status: 'in_progress', stage: 'approval', form_values: expect.not.stringContaining('assessedAmount') });
    await w.transition('wang', mine.id, 'approve', { values: { assessedAmount: 900 } });

    // Accepting after 补正 counts as accepting.
    const later = await w.dibao({ decision: 'notify_missing', materials: w.fullMaterials(DB, ['hukou']) }, 'li');
    await w.as('both', 'cases.supplyMaterials', { caseId: later.id, materials: [{ key: 'hukou', copies: 1 }], means: w.householdMeans(later.applicant.residentId, [650]) });
    w.setDay('2026-03-10');
    for (let i = 0; i < 3; i++) await w.transition('wang', later.id, 'advance');
    w.setDay('2026-03-17');
    await w.transition('wang', later.id, 'advance');
    expect((await w.asErr('both', 'cases.transition', { caseId: later.id, action: 'approve', opinion: '同意', values: { assessedAmount: 900 } })).code).toBe('FORBIDDEN');
  });

  it('延期 once by the item rule, with a reason; the due date moves by the extension', async () => {
    const w = await dibaoWorld();
    const c = await w.dibao();
    expect(c.dates.dueOn).toBe('2026-04-14');
    const noReason = await w.asErr('wang', 'cases.transition', { caseId: c.id, action: 'extend', opinion: ' ' });
    expect(noReason).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'opinion' }] });
    const ext = await w.transition('wang', c.id, 'extend', { opinion: '家庭财产核对结果未返回' });
    // 15 more working days after 4/14: 4/15 … 5/8 (劳动节 5/1–5/5, make-up Saturday 5/9).
    expect(ext.case.dates.dueOn).toBe('2026-05-08');
    expect(ext.case.deadline).toMatchObject({ extensionDays: 15, extensionReason: '家庭财产核对结果未返回' });
    expect((await w.asErr('wang', 'cases.transition', { caseId: c.id, action: 'extend', opinion: '再延期' })).code).toBe('CONFLICT');
    // 临时救助 has no extension at all.
    const p = await w.resident('陈临时');
    await w.household(p);
    const { case: t } = await w.intake({ residentId: p, itemCode: 'MZ-LSJZ-001', values: VALUES['MZ-LSJZ-001'] });
    expect((await w.asErr('wang', 'cases.transition', { caseId: t.id, action: 'extend', opinion: '延期' })).details?.allowed).toEqual(['advance', 'withdraw', 'terminate']);
  });
});

describe('roles', () => {
  it('each handler refuses a caller without a session and callers without its role', async () => {
    const w = await dibaoWorld();
    const c = await w.dibao();
    const li = (w.core.db.prepare("SELECT id FROM users WHERE username = 'li'").get() as { id: number }).id;
    await w.as('admin', 'accounts.update', { id: li, windowNo: '1' });
    const { serviceId } = await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'intake' });
    expect((await w.core.dispatch('cases.rate', { serviceId, score: 1 }, null)).ok).toBe(true);
    const benefit = { id: 1, monthlyAmount: 1, fromMonth: '2026-05', reason: 'x' };
    const table: [string, unknown, string[]][] = [
      ['cases.precheck', { residentId: 1 }, ['wang', 'admin']],
      ['cases.intake', { residentId: 1, itemCode: DB, decision: 'accept', idempotencyKey: 'role-check-1' }, ['wang', 'admin']],
      ['cases.supplyMaterials', { caseId: c.id, materials: [] }, ['wang', 'admin']],
      ['cases.transition', { caseId: c.id, action: 'advance', opinion: 'x' }, ['admin']],
      ['cases.offerRating', { caseId: c.id, service: 'intake' }, ['admin']],
      ['cases.closeFollowUp', { caseId: c.id, note: 'x', rectification: 'x' }, []],
      ['cases.get', { id: c.id }, []],
      ['cases.list', {}, []],
      ['cases.worklist', {}, []],
      ['beneficiaries.list', {}, []],
      ['beneficiaries.get', { id: 1 }, []],
      ['beneficiaries.amountPreview', { caseId: c.id }, ['li']],
      ['beneficiaries.change', benefit, ['li']],
      ['beneficiaries.stop', { id: 1, fromMonth: '2026-05', reason: 'x' }, ['li']],
      ['beneficiaries.reviewsDue', { from: '2026-01', to: '2026-12' }, []],
      ['beneficiaries.confirmChange', { proposalId: 1 }, ['li']],
      ['beneficiaries.rejectChange', { proposalId: 1, reason: 'x' }, ['li']],
      ['beneficiaries.pendingChanges', {}, ['li']],
      ['beneficiaries.recordReview', { beneficiaryId: 1, outcome: 'confirm', reviewedOn: '2026-03-02', opinion: 'x' }, ['li']],
    ];
    for (const [name, input, wrong] of table) {
      const anon = await w.core.dispatch(name, input, null);
      expect(!anon.ok && anon.error.code, name).toBe('UNAUTHENTICATED');
      for (const user of wrong) expect((await w.asErrRaw(user, name, input)).code, `${name} as ${user}`).toBe('FORBIDDEN');
    }
    // Per action inside cases.transition: a clerk may withdraw on request, not review or approve.
    const clerkAdvance = await w.asErr('li', 'cases.transition', { caseId: c.id, action: 'advance', opinion: '入户完成' });
    expect(clerkAdvance).toMatchObject({ code: 'FORBIDDEN', details: { action: 'advance', requires: ['reviewer'] } });
    const d = await w.dibao();
    for (let i = 0; i < 3; i++) await w.transition('wang', d.id, 'advance');
    w.setDay('2026-03-09');
    await w.transition('wang', d.id, 'advance');
    expect((await w.asErr('zhao', 'cases.transition', { caseId: d.id, action: 'approve', opinion: '同意' })).code).toBe('FORBIDDEN');
    expect((await w.transition('li', d.id, 'withdraw', { opinion: '申请人要求撤回' })).case.status).toBe('withdrawn');
  });
});
