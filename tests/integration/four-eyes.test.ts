import { describe, expect, it } from 'vitest';
import { PAID_BY_ITEM_SQL, PAID_IN_MONTH_SQL } from '../../db/src/exports/kinds/monthly';
import { rosterKind } from '../../db/src/exports/kinds/roster';
import { caseWorld, VALUES } from '../support/cases';
import { staffId } from '../support/ids';
import { nextStaffId, testCore, withPeople } from '../support/temp';

const LNJT = 'MZ-LNJT-001';

/** The roster of a month as the export writes it: [name, amount in fen] per row. */
function roster(db: any, month: string) {
  const out = rosterKind.open(db, { from: month, to: month }, `${month}-28`);
  return [...out.rows].map((r) => [r[2], r[6]]);
}

/** Trigger-kept monthly totals (migration 0010) against the rule stated row by row. */
function expectTotalsRight(db: any, months: string[]) {
  const rule = db.prepare(`SELECT item_code, count(*) AS n, sum(amount_fen) AS fen FROM (${PAID_IN_MONTH_SQL}) WHERE amount_fen IS NOT NULL GROUP BY item_code ORDER BY item_code`);
  const totals = db.prepare(`${PAID_BY_ITEM_SQL} ORDER BY item_code`);
  for (const month of months) expect(totals.all({ month }), month).toEqual(rule.all({ month }));
}

/** 老年综合津贴 (150 元 by age tier) accepted by `both` (clerk and reviewer), reviewed by wang, approved by chen. */
async function approvedBenefit() {
  const w = await caseWorld('2026-03-02T09:00:00+08:00');
  const old = await w.resident('钱老伯', { birth: '19540610' });
  const { case: c } = await w.intake({ residentId: old, itemCode: LNJT, values: VALUES[LNJT] }, 'both');
  await w.transition('wang', c.id, 'advance');
  const done = await w.transition('chen', c.id, 'approve');
  expect(done.beneficiary).toMatchObject({ latestAmount: 150, startMonth: '2026-04' });
  return { w, c, benefitId: done.beneficiary!.id };
}

describe('four eyes on money: a change of amount or a stop is proposed by one person and confirmed by another', () => {
  it('the acceptor alone can no longer raise the amount: the change waits, unpaid and out of the roster, until a second reviewer confirms it', async () => {
    const { w, benefitId } = await approvedBenefit();
    const db = w.core.db;
    const proposed = await w.as('both', 'beneficiaries.change', { id: benefitId, monthlyAmount: 5000, fromMonth: '2026-04', reason: '调整' });
    expect(proposed.proposal).toMatchObject({ id: expect.any(Number), kind: 'change', status: 'pending', amount: 5000, effectiveMonth: '2026-04' });
    // Nothing is paid differently yet: amounts, roster and the trigger-kept totals.
    expect(proposed.beneficiary).toMatchObject({ latestAmount: 150, pendingChange: { id: proposed.proposal.id, proposedBy: '测试both' } });
    expect(roster(db, '2026-04')).toEqual([['钱老伯', 15000]]);
    expect(db.prepare(`${PAID_BY_ITEM_SQL}`).all({ month: '2026-04' })).toEqual([{ item_code: LNJT, n: 1, fen: 15000 }]);
    expectTotalsRight(db, ['2026-03', '2026-04', '2026-05']);

    // Neither the proposer nor the case's acceptor may confirm; a second proposal waits its turn.
    const own = await w.asErr('both', 'beneficiaries.confirmChange', { proposalId: proposed.proposal.id });
    expect(own).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'four_eyes' } });
    expect(own.message).toContain('不能确认自己提出的变更');
    expect((await w.asErr('wang', 'beneficiaries.stop', { id: benefitId, fromMonth: '2026-05', reason: '迁出' })).code).toBe('CONFLICT');
    expect((await w.asErr('li', 'beneficiaries.confirmChange', { proposalId: proposed.proposal.id })).code).toBe('FORBIDDEN');
    const rejected = await w.as('wang', 'beneficiaries.rejectChange', { proposalId: proposed.proposal.id, reason: '金额明显不合理' });
    expect(rejected.proposal).toMatchObject({ status: 'rejected', rejectReason: '金额明显不合理', decidedBy: '测试wang' });
    expect(rejected.beneficiary).toMatchObject({ latestAmount: 150, pendingChange: null });
    expect((await w.asErr('chen', 'beneficiaries.confirmChange', { proposalId: proposed.proposal.id })).code).toBe('CONFLICT');

    // Proposed by wang: the acceptor still may not confirm it, chen may.
    const again = await w.as('wang', 'beneficiaries.change', { id: benefitId, monthlyAmount: 180, fromMonth: '2026-05', reason: '年龄段调整' });
    const byAcceptor = await w.asErr('both', 'beneficiaries.confirmChange', { proposalId: again.proposal.id });
    expect(byAcceptor).toMatchObject({ code: 'FORBIDDEN' });
    expect(byAcceptor.message).toContain('受理');
    expect(roster(db, '2026-05')).toEqual([['钱老伯', 15000]]);
    const confirmed = await w.as('chen', 'beneficiaries.confirmChange', { proposalId: again.proposal.id });
    expect(confirmed.proposal).toMatchObject({ status: 'confirmed', decidedBy: '测试chen' });
    expect(confirmed.beneficiary).toMatchObject({ latestAmount: 180, pendingChange: null });
    expect(confirmed.beneficiary.history.at(-1)).toMatchObject({ kind: 'change', amount: 180, by: '测试chen', proposedBy: '测试wang' });
    expect(roster(db, '2026-04')).toEqual([['钱老伯', 15000]]);
    expect(roster(db, '2026-05')).toEqual([['钱老伯', 18000]]);
    expectTotalsRight(db, ['2026-03', '2026-04', '2026-05', '2026-06']);

    // A stop likewise: the roster keeps paying until it is confirmed.
    const stop = await w.as('chen', 'beneficiaries.stop', { id: benefitId, fromMonth: '2026-07', reason: '迁出本区' });
    expect(stop.beneficiary).toMatchObject({ status: 'active', stopMonth: null });
    expect(roster(db, '2026-07')).toEqual([['钱老伯', 18000]]);
    expect((await w.as('admin', 'beneficiaries.pendingChanges', {})).items).toMatchObject([
      { proposal: { id: stop.proposal.id, kind: 'stop' }, beneficiary: { id: benefitId }, refusal: null },
    ]);
    expect((await w.as('chen', 'beneficiaries.pendingChanges', {})).items[0]!.refusal).toContain('不能确认自己提出的变更');
    const stopped = await w.as('admin', 'beneficiaries.confirmChange', { proposalId: stop.proposal.id });
    expect(stopped.beneficiary).toMatchObject({ stopMonth: '2026-07', pendingChange: null });
    expect(roster(db, '2026-07')).toEqual([]);
    expectTotalsRight(db, ['2026-06', '2026-07', '2026-08']);

    const audit = db.prepare("SELECT handler, action FROM audit_log WHERE handler LIKE 'beneficiaries.%' ORDER BY id").all();
    expect(audit).toEqual([
      { handler: 'beneficiaries.change', action: 'propose_change' },
      { handler: 'beneficiaries.rejectChange', action: 'reject_change' },
      { handler: 'beneficiaries.change', action: 'propose_change' },
      { handler: 'beneficiaries.confirmChange', action: 'change' },
      { handler: 'beneficiaries.stop', action: 'propose_stop' },
      { handler: 'beneficiaries.confirmChange', action: 'stop' },
    ]);
    await w.expectVerified();
  });

  it('a confirmation the benefit no longer allows is refused and leaves the proposal pending', async () => {
    const { w, benefitId } = await approvedBenefit();
    const p = await w.as('wang', 'beneficiaries.change', { id: benefitId, monthlyAmount: 200, fromMonth: '2026-06', reason: '调整' });
    // Meanwhile the record changes under it (a later re-approval writes a later change).
    w.core.db
      .prepare("INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, actor_id, actor_name, at) VALUES (?, 'change', '2026-08', 16000, '重新审批', 1, '王管理', '2026-03-03T00:00:00Z')")
      .run(benefitId);
    const e = await w.asErr('chen', 'beneficiaries.confirmChange', { proposalId: p.proposal.id });
    expect(e.fields?.[0]?.path).toBe('fromMonth');
    expect((w.core.db.prepare('SELECT status FROM beneficiary_change_proposals WHERE id = ?').get(p.proposal.id) as { status: string }).status).toBe('pending');
  });
});

describe('four eyes on decisions: 审核 and 审批 are different people', () => {
  it('a reviewer who completed an earlier stage cannot approve or refuse; one who took no step can', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const old = await w.resident('孙老伯', { birth: '19540610' });
    const { case: c } = await w.intake({ residentId: old, itemCode: LNJT, values: VALUES[LNJT] });
    const atApproval = (await w.transition('wang', c.id, 'advance')).case;
    expect(atApproval.allowedActions.map((a) => a.action)).not.toContain('approve');
    for (const action of ['approve', 'reject'] as const) {
      const e = await w.asErr('wang', 'cases.transition', { caseId: c.id, action, opinion: '同意' });
      expect(e).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'four_eyes_decision' } });
      expect(e.message).toContain('审批须由未参与本案前序环节的人员办理');
    }
    expect(w.row(c.id)).toMatchObject({ status: 'in_progress', stage: 'approval' });
    expect((await w.as('chen', 'cases.get', { id: c.id })).allowedActions.map((a) => a.action)).toContain('approve');
    expect((await w.transition('chen', c.id, 'approve')).case.status).toBe('approved');
  });

  it('an extension at an earlier stage counts as a step; one at the approval stage does not', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    // the centre's own 审批 (the seed's 低保 goes to the 区民政局 instead)
    await w.centreDecides('MZ-DB-001');
    const p1 = await w.resident('周一', { birth: '19540610' });
    const p2 = await w.resident('周二', { birth: '19540610' });
    await w.household(p1);
    const { case: a } = await w.intake({ residentId: p1, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001'], means: w.householdMeans(p1) });
    await w.transition('chen', a.id, 'extend', { opinion: '需补充核对' });
    for (let i = 0; i < 3; i++) await w.transition('wang', a.id, 'advance');
    w.setDay('2026-03-09');
    await w.transition('wang', a.id, 'advance');
    expect((await w.asErr('chen', 'cases.transition', { caseId: a.id, action: 'reject', opinion: '不符合' })).details).toMatchObject({ rule: 'four_eyes_decision' });
    // 老年综合津贴 has no extension: use a fresh 低保 case extended at its approval stage instead.
    w.setDay('2026-03-10');
    await w.household(p2);
    const { case: b } = await w.intake({ residentId: p2, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001'], means: w.householdMeans(p2) });
    for (let i = 0; i < 3; i++) await w.transition('wang', b.id, 'advance');
    w.setDay('2026-03-17');
    await w.transition('wang', b.id, 'advance');
    await w.transition('chen', b.id, 'extend', { opinion: '审批前补充核对' });
    expect((await w.transition('chen', b.id, 'reject', { opinion: '家庭收入超过标准' })).case.status).toBe('not_approved');
  });
});

describe('one person, one identity: staff ID numbers and roles', () => {
  it('nobody changes their own roles; another administrator can', async () => {
    const core = testCore();
    const { as, asErr } = await withPeople(core, { admin2: ['admin'] });
    const me = await as('admin', 'accounts.me');
    const e = await asErr('admin', 'accounts.update', { id: me.id, roles: ['admin', 'clerk'] });
    expect(e).toMatchObject({ code: 'FORBIDDEN' });
    expect(e.message).toContain('不能修改自己的角色');
    expect((await as('admin', 'accounts.me')).roles).toEqual(['admin']);
    // Saving one's own unchanged roles (the edit form sends them) is fine.
    await as('admin', 'accounts.update', { id: me.id, roles: ['admin'], displayName: '王管理员' });
    expect((await as('admin2', 'accounts.update', { id: me.id, roles: ['admin', 'clerk'] })).roles).toEqual(['admin', 'clerk']);
  });

  it('every account carries a valid staff ID number, masked, unique among active accounts', async () => {
    const core = testCore();
    const { as, asErr, asErrRaw } = await withPeople(core);
    const base = { password: 'long-enough-1', displayName: '审核员', roles: ['reviewer' as const] };
    expect((await asErrRaw('admin', 'accounts.create', { ...base, username: 'a1' })).fields?.[0]?.path).toBe('staffIdNumber');
    const bad = await asErr('admin', 'accounts.create', { ...base, username: 'a1', staffIdNumber: '110105194912310021' });
    expect(bad).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'staffIdNumber' }] });
    expect(bad.message).toContain('校验');
    const number = staffId(500);
    const created = await as('admin', 'accounts.create', { ...base, username: 'a1', staffIdNumber: number.toLowerCase() });
    expect(created.staffIdNumber).toBe(`${number.slice(0, 6)}********${number.slice(-4)}`);
    expect(JSON.stringify(await as('admin', 'accounts.list'))).not.toContain(number);
    // The administrator's own number cannot be used for a second account (the reported abuse).
    const me = (await as('admin', 'accounts.list')).find((a) => a.username === 'admin')!;
    const twin = await asErr('admin', 'accounts.create', { ...base, username: 'a2', staffIdNumber: staffId(1) });
    expect(twin.code).toBe('CONFLICT');
    expect(twin.message).toContain('一人只能有一个在用账户');
    expect((await asErr('admin', 'accounts.create', { ...base, username: 'a2', staffIdNumber: number })).code).toBe('CONFLICT');
    expect(me.staffIdNumber).toMatch(/^310104\*{8}/);
    // A deactivated account frees the number; it cannot be re-activated while another holds it.
    await as('admin', 'accounts.update', { id: created.id, active: false });
    const successor = await as('admin', 'accounts.create', { ...base, username: 'a2', staffIdNumber: number });
    expect((await asErr('admin', 'accounts.update', { id: created.id, active: true })).code).toBe('CONFLICT');
    expect(core.db.prepare('SELECT count(*) AS n FROM users WHERE staff_id_number = ? AND active = 1').get(number)).toEqual({ n: 1 });
    expect(successor.active).toBe(true);
  });

  it('two accounts of one person are one person for the four-eyes rules', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const old = await w.resident('吴老伯', { birth: '19540610' });
    const { case: c } = await w.intake({ residentId: old, itemCode: LNJT, values: VALUES[LNJT] });
    await w.transition('wang', c.id, 'advance');
    // li's account is retired and the same person gets a reviewer account.
    const li = (await w.as('admin', 'accounts.list')).find((a) => a.username === 'li')!;
    const liNumber = (w.core.db.prepare('SELECT staff_id_number AS n FROM users WHERE id = ?').get(li.id) as { n: string }).n;
    await w.as('admin', 'accounts.update', { id: li.id, active: false });
    await w.as('admin', 'accounts.create', { username: 'li2', password: 'li2-pass-1', displayName: '测试li', staffIdNumber: liNumber, roles: ['reviewer'] });
    const e = await w.asErr('li2', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意' });
    expect(e).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'four_eyes' } });
  });

  it('an account without a staff ID number is told so at sign-in and can do nothing but record it', async () => {
    const core = testCore();
    const { as } = await withPeople(core, { li: ['clerk'] });
    // An account from before this version (as migration 0013 leaves it).
    core.db.prepare("UPDATE users SET staff_id_number = NULL WHERE username = 'li'").run();
    const login = await core.dispatch('accounts.login', { username: 'li', password: 'li-pass-1' });
    expect(login.ok && login.result).toMatchObject({ needsStaffIdNumber: true, account: { staffIdNumber: null } });
    const token = (login as any).result.token as string;
    for (const [name, input] of [['accounts.me', {}], ['residents.search', { query: '张' }], ['cases.list', {}]] as const) {
      const res = await core.dispatch(name, input, token);
      expect(res.ok ? 'ok' : res.error, name).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'needs_staff_id_number' } });
    }
    const wrong = await core.dispatch('accounts.setStaffIdNumber', { staffIdNumber: '12345' }, token);
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'staffIdNumber' }] });
    const taken = await core.dispatch('accounts.setStaffIdNumber', { staffIdNumber: staffId(1) }, token);
    expect(!taken.ok && taken.error.code).toBe('CONFLICT');
    const number = nextStaffId();
    const set = await core.dispatch('accounts.setStaffIdNumber', { staffIdNumber: number }, token);
    expect(set.ok && set.result).toMatchObject({ username: 'li', staffIdNumber: `${number.slice(0, 6)}********${number.slice(-4)}` });
    expect((await core.dispatch('cases.list', {}, token)).ok).toBe(true);
    // Recorded once: not changed by its holder afterwards.
    expect((await core.dispatch('accounts.setStaffIdNumber', { staffIdNumber: nextStaffId() }, token)) as any).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const again = await core.dispatch('accounts.login', { username: 'li', password: 'li-pass-1' });
    expect(again.ok && again.result).toMatchObject({ needsStaffIdNumber: false });
    const audit = core.db.prepare("SELECT action FROM audit_log WHERE handler = 'accounts.setStaffIdNumber'").all();
    expect(audit).toEqual([{ action: 'set_staff_id_number' }]);
    expect(JSON.stringify(core.db.prepare('SELECT before, after FROM audit_log').all())).not.toContain(number);
    await as('admin', 'audit.verify');
  });
});

describe('好差评 is never entered by the person who served', () => {
  it('refuses the clerk who served and any other member of staff; the resident\'s screen (no session) rates', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const li = (w.core.db.prepare("SELECT id FROM users WHERE username = 'li'").get() as { id: number }).id;
    await w.as('admin', 'accounts.update', { id: li, windowNo: '1' });
    const p = await w.resident('郑女士', { sex: 'female' });
    const { case: c } = await w.intake({ residentId: p, itemCode: 'RS-SYDJ-001', values: VALUES['RS-SYDJ-001'] });
    const { serviceId } = await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'intake' });
    const e = await w.asErr('li', 'cases.rate', { serviceId, score: 5 });
    expect(e).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'own_rating' } });
    expect(e.message).toContain('不能为自己办理的业务评价');
    expect((await w.asErr('zhao', 'cases.rate', { serviceId, score: 5 })).code).toBe('FORBIDDEN');
    expect(w.core.db.prepare('SELECT count(*) AS n FROM case_ratings').get()).toEqual({ n: 0 });
    expect(await w.core.dispatch('cases.rate', { serviceId, score: 5 }, null)).toMatchObject({ ok: true, result: { score: 5 } });
  });
});
