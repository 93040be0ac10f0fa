/**
 * 最低生活保障 (低保) as a household means test, played through the handlers in real
 * SQLite: the members' declared income at intake, the per-capita working against the
 * 低保标准 in force, 入户调查 → 初审 → 民主评议 → 公示 7 days → 审批, the amount
 * (standard − per-capita) × size, and the 发放名册 month by month.
 *
 * The seed's 低保 is decided by the 区民政局 (收受分离); these tests are about the means test
 * the centre applies when it decides itself, so each world saves a centre-decided version.
 */
import { describe, expect, it } from 'vitest';
import { ROSTER_SQL } from '../../db/src/exports/kinds/roster';
import { seedItems } from '../../db/src/catalogue/seed/items';
import { VALUES, caseWorld, centreDecided } from '../support/cases';

const DB = 'MZ-DB-001';

type World = Awaited<ReturnType<typeof caseWorld>>;

async function dibaoWorld(): Promise<World> {
  const w = await caseWorld('2026-03-02T09:00:00+08:00');
  await w.centreDecides(DB);
  return w;
}

function roster(w: World, month: string) {
  return (w.core.db.prepare(ROSTER_SQL).all({ month }) as { name: string; amount_fen: number; item_code: string; case_no: string }[])
    .filter((r) => r.item_code === DB)
    .map((r) => ({ name: r.name, yuan: r.amount_fen / 100, caseNo: r.case_no }));
}

/** A household of three: 张建国 (applicant, head), his wife and their son. */
async function family(w: World, names = ['张建国', '李秀英', '张小军']) {
  const head = await w.resident(names[0]!, { sex: 'male', birth: '19700101' });
  const wife = await w.resident(names[1]!, { sex: 'female', birth: '19720101' });
  const son = await w.resident(names[2]!, { sex: 'male', birth: '20050101' });
  await w.household(head, [
    { id: wife, relation: '配偶' },
    { id: son, relation: '子女' },
  ]);
  return { head, wife, son };
}

const means = (rows: [number, number, number][]) => ({ members: rows.map(([residentId, monthlyIncome, assets]) => ({ residentId, monthlyIncome, assets })) });

/** 入户调查, 初审, 民主评议 by wang (with opinions), then 公示 for its seven days. */
async function walkToApproval(w: World, caseId: number) {
  const opinions = ['入户调查：家庭成员与申报一致，居住条件较差', '初审：收入证明齐全，符合条件', '民主评议：评议小组 7 人一致同意'];
  for (const opinion of opinions) await w.transition('wang', caseId, 'advance', { opinion });
  expect(w.row(caseId)).toMatchObject({ stage: 'posting' });
  const ends = w.row(caseId).posting_ends_on as string;
  w.setDay(ends);
  await w.transition('wang', caseId, 'advance', { opinion: '公示期满无异议' });
  expect(w.row(caseId)).toMatchObject({ stage: 'approval' });
}

describe('低保: a household of three with two incomes', () => {
  it('is taken in with each member’s means, walked through 民主评议 and 公示, approved at (standard − per capita) × 3, and paid to the applicant month by month', async () => {
    const w = await dibaoWorld();
    const { head, wife, son } = await family(w);
    const input = means([
      [head, 1200, 5000],
      [wife, 800, 3000],
      [son, 0, 0],
    ]);

    // At the window: the working against the standard in force today (示例 1550 from 2025-04-01).
    const pre = await w.as('li', 'cases.precheck', { residentId: head, itemCode: DB, means: input });
    expect(pre.meansTest).toMatchObject({
      on: '2026-03-02',
      standard: { from: '2025-04-01', amount: 1550 },
      householdSize: 3,
      complete: true,
      totalIncome: 2000,
      totalAssets: 8000,
      perCapitaIncome: 666.67,
      belowStandard: true,
      amount: 2650,
    });
    expect(pre.meansTest!.text).toBe('总收入 2000.00 元 ÷ 3 人 = 人均 666.67 元，低于标准 1550.00 元（2025-04-01 起执行）');
    expect(pre.meansTest!.amountText).toMatch(/^（1550\.00 − 666\.67）× 3 = 2650\.00 元/);
    expect(pre.warnings.map((x) => x.kind)).not.toContain('means_above_standard');
    // Half typed: the screen says who is missing, and no verdict yet.
    const half = await w.as('li', 'cases.precheck', { residentId: head, itemCode: DB, means: means([[head, 1200, 0]]) });
    expect(half.meansTest).toMatchObject({ complete: false, belowStandard: null, amount: null });
    expect(half.meansTest!.text).toContain('李秀英、张小军');

    const { case: c } = await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB]!, means: input });
    expect(c.meansTest).toMatchObject({ householdSize: 3, perCapitaIncome: 666.67, amount: 2650 });
    expect(c.meansTest!.members.map((m) => [m.name, m.relation, m.monthlyIncome, m.assets])).toEqual([
      ['张建国', '本人', 1200, 5000],
      ['李秀英', '配偶', 800, 3000],
      ['张小军', '子女', 0, 0],
    ]);
    expect(w.core.db.prepare('SELECT resident_id, monthly_income_fen, assets_fen FROM case_household_means WHERE case_id = ? ORDER BY position').all(c.id)).toEqual([
      { resident_id: head, monthly_income_fen: 120000, assets_fen: 500000 },
      { resident_id: wife, monthly_income_fen: 80000, assets_fen: 300000 },
      { resident_id: son, monthly_income_fen: 0, assets_fen: 0 },
    ]);
    expect(c.stages.map((s) => s.name)).toEqual(['入户调查', '初审', '民主评议', '公示', '审批']);

    w.setDay('2026-03-04');
    await walkToApproval(w, c.id);
    const walked = await w.as('chen', 'cases.get', { id: c.id });
    expect(walked.stages.filter((s) => s.state === 'done').map((s) => [s.name, s.opinion])).toEqual([
      ['入户调查', '入户调查：家庭成员与申报一致，居住条件较差'],
      ['初审', '初审：收入证明齐全，符合条件'],
      ['民主评议', '民主评议：评议小组 7 人一致同意'],
      ['公示', '公示期满无异议'],
    ]);

    // A typed amount must be the computed one: refused with the working, nothing written.
    const events = w.eventCount(c.id);
    const typed = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意', monthlyAmount: 2000 });
    expect(typed.code).toBe('VALIDATION');
    expect(typed.fields).toEqual([{ path: 'monthlyAmount', message: expect.stringContaining('应为核算金额 2650.00 元，不能填写 2000 元：（1550.00 − 666.67）× 3 = 2650.00 元') }]);
    const typedField = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意', values: { assessedAmount: 2649.99 } });
    expect(typedField.fields?.map((f) => f.path)).toEqual(['values.assessedAmount']);
    expect(w.eventCount(c.id)).toBe(events);
    expect(w.row(c.id)).toMatchObject({ status: 'in_progress', stage: 'approval' });

    const { case: done, beneficiary } = await w.transition('chen', c.id, 'approve', { opinion: '同意给予低保', values: { assessedAmount: 2650 } });
    expect(done.status).toBe('approved');
    expect(done.formValues.assessedAmount).toBe(2650);
    expect(done.meansTest).toMatchObject({ standard: { amount: 1550 }, amount: 2650, perCapitaIncome: 666.67 });
    expect(beneficiary).toMatchObject({ resident: { id: head }, latestAmount: 2650, amountSource: 'field' });
    const approval = done.timeline.find((e) => e.action === 'approve')!;
    expect(approval.detail).toMatchObject({ meansTest: { amount: 2650, householdSize: 3 } });
    const startMonth = beneficiary!.startMonth;
    expect(startMonth).toBe('2026-04');

    // The roster: one row for the applicant, the household's amount, from the month after approval.
    expect(roster(w, '2026-03')).toEqual([]);
    for (const month of ['2026-04', '2026-05', '2026-06']) expect(roster(w, month)).toEqual([{ name: '张建国', yuan: 2650, caseNo: c.caseNo }]);

    // A new standard from July: the approved amount stays until a review changes it.
    await w.as('admin', 'settings.update', { dibaoStandards: [{ from: '2025-04-01', amount: 1550 }, { from: '2026-07-01', amount: 1600 }] });
    for (const month of ['2026-07', '2026-08']) expect(roster(w, month)).toEqual([{ name: '张建国', yuan: 2650, caseNo: c.caseNo }]);
    const view = await w.as('chen', 'cases.get', { id: c.id });
    expect(view.meansTest).toMatchObject({ standard: { from: '2025-04-01', amount: 1550 }, amount: 2650 });

    // A household approved after July is judged by the July standard.
    w.setDay('2026-07-06');
    const other = await family(w, ['王大伟', '陈丽', '王小雨']);
    const { case: c2 } = await w.intake({
      residentId: other.head,
      itemCode: DB,
      values: VALUES[DB]!,
      means: means([
        [other.head, 1500, 0],
        [other.wife, 1000, 0],
        [other.son, 0, 0],
      ]),
    });
    expect(c2.meansTest!.text).toBe('总收入 2500.00 元 ÷ 3 人 = 人均 833.33 元，低于标准 1600.00 元（2026-07-01 起执行）');
    await walkToApproval(w, c2.id);
    const { beneficiary: b2 } = await w.transition('chen', c2.id, 'approve', { opinion: '同意' });
    // (1600 − 833.33…) × 3 = 4800 − 2500 = 2300.00 exactly
    expect(b2).toMatchObject({ latestAmount: 2300, startMonth: '2026-08' });
    expect(roster(w, '2026-08')).toEqual([
      { name: '张建国', yuan: 2650, caseNo: c.caseNo },
      { name: '王大伟', yuan: 2300, caseNo: c2.caseNo },
    ]);
    await w.expectVerified();
  });

  it('warns at the window and refuses at approval when per-capita income is not below the standard, with the figures', async () => {
    const w = await dibaoWorld();
    const { head, wife, son } = await family(w);
    const input = means([
      [head, 3000, 0],
      [wife, 1650, 0],
      [son, 0, 0],
    ]);
    const pre = await w.as('li', 'cases.precheck', { residentId: head, itemCode: DB, means: input });
    expect(pre.meansTest).toMatchObject({ perCapitaIncome: 1550, belowStandard: false, amount: null });
    expect(pre.warnings).toContainEqual(
      expect.objectContaining({ kind: 'means_above_standard', message: '家庭人均收入不低于低保标准：总收入 4650.00 元 ÷ 3 人 = 人均 1550.00 元，不低于标准 1550.00 元（2025-04-01 起执行）' }),
    );
    // Taken in all the same: eligibility is decided by the district, not at the window.
    const { case: c, warnings } = await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB]!, means: input });
    expect(warnings.map((x) => x.kind)).toContain('means_above_standard');
    w.setDay('2026-03-04');
    await walkToApproval(w, c.id);
    const events = w.eventCount(c.id);
    const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意' });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('家庭人均收入不低于审批日执行的低保标准，不能审批通过：总收入 4650.00 元 ÷ 3 人 = 人均 1550.00 元，不低于标准 1550.00 元（2025-04-01 起执行）');
    expect(w.eventCount(c.id)).toBe(events);
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 0 });
    // 不予批准 stays possible, with its reason.
    const { case: rejected } = await w.transition('chen', c.id, 'reject', { opinion: '家庭人均收入不低于低保标准' });
    expect(rejected.status).toBe('not_approved');
    for (const month of ['2026-04', '2026-05']) expect(roster(w, month)).toEqual([]);
  });

  it('refuses bad means input at intake with field paths and writes nothing', async () => {
    const w = await dibaoWorld();
    const { head, wife, son } = await family(w);
    const stranger = await w.resident('路人甲');
    const cases = () => (w.core.db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
    const rows = () => (w.core.db.prepare('SELECT count(*) AS n FROM case_household_means').get() as { n: number }).n;
    const base = { idempotencyKey: 'means-bad-0001', decision: 'accept' as const, materials: w.fullMaterials(DB), residentId: head, itemCode: DB, values: VALUES[DB]! };
    const bad: [string, unknown, string[], RegExp][] = [
      ['negative income', means([[head, -1, 0], [wife, 0, 0], [son, 0, 0]]), ['means.members.0.monthlyIncome'], /月收入不能为负数/],
      ['three decimals', means([[head, 0, 0.001], [wife, 0, 0], [son, 0, 0]]), ['means.members.0.assets'], /两位小数/],
      ['a missing member', means([[head, 0, 0], [wife, 0, 0]]), ['means.members'], /缺少张小军/],
      ['someone outside the household', means([[head, 0, 0], [wife, 0, 0], [son, 0, 0], [stranger, 0, 0]]), ['means.members.3.residentId'], /不是申请人家庭的现有成员/],
      ['a member twice', means([[head, 0, 0], [wife, 0, 0], [son, 0, 0], [son, 1, 0]]), ['means.members.3.residentId'], /张小军重复填写/],
      ['an unknown key', { members: [{ residentId: head, monthlyIncome: 0, assets: 0, bonus: 1 }] }, ['means.members.0'], /.+/],
    ];
    for (const [what, m, paths, message] of bad) {
      const e = await w.asErrRaw('li', 'cases.intake', { ...base, means: m });
      expect(e.code, what).toBe('VALIDATION');
      expect(e.fields?.map((f) => f.path), what).toEqual(paths);
      expect(e.fields?.map((f) => f.message).join('；'), what).toMatch(message);
    }
    // Means on an item that is not means-tested.
    const pension = await w.asErr('li', 'cases.intake', { ...base, itemCode: 'MZ-LNJT-001', values: VALUES['MZ-LNJT-001']!, materials: w.fullMaterials('MZ-LNJT-001'), means: means([[head, 0, 0]]) });
    expect(pension.fields).toEqual([{ path: 'means', message: '老年综合津贴不按家庭人均收入核算，无须填写家庭成员收入和财产' }]);
    expect({ cases: cases(), rows: rows() }).toEqual({ cases: 0, rows: 0 });
  });

  it('refuses an approval on a day without a standard in force', async () => {
    const w = await dibaoWorld();
    const { head, wife, son } = await family(w);
    const { case: c } = await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB]!, means: means([[head, 100, 0], [wife, 0, 0], [son, 0, 0]]) });
    await w.as('admin', 'settings.update', { dibaoStandards: [{ from: '2027-01-01', amount: 1700 }] });
    w.setDay('2026-03-04');
    await walkToApproval(w, c.id);
    const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意' });
    expect(e).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^审批日（2026-03-1\d）没有执行中的低保标准/) });
  });

  it('refuses to take a case in (受理, 容缺受理) without every member’s means, naming them; 一次性告知 and 不予受理 need none', async () => {
    const w = await dibaoWorld();
    const { head, wife, son } = await family(w);
    const counts = () => w.core.db.prepare('SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_household_means) AS means, (SELECT count(*) FROM case_events) AS events').get();
    const before = counts();
    const base = { idempotencyKey: 'no-means-0001', residentId: head, itemCode: DB, values: VALUES[DB]! };
    const message = '最低生活保障按家庭人均收入核算，受理时须填写每位家庭成员的月收入和财产：缺少张建国、李秀英、张小军';
    const accept = await w.asErr('li', 'cases.intake', { ...base, decision: 'accept', materials: w.fullMaterials(DB) });
    expect(accept).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'means', message }] });
    const deferred = await w.asErr('li', 'cases.intake', {
      ...base,
      decision: 'accept_deferred',
      materials: w.fullMaterials(DB, ['marriageCert']),
      deferred: [{ key: 'marriageCert', dueDate: '2026-03-10' }],
      commitment: { signed: true },
    });
    expect(deferred.fields).toContainEqual({ path: 'means', message });
    expect(counts()).toEqual(before);

    const refused = await w.intake({ ...base, idempotencyKey: 'no-means-0002', decision: 'refuse', refusal: { reason: '不符合申请条件' }, materials: [] });
    expect(refused.case.status).toBe('refused');
    // 一次性告知 without means; the means come with the materials that make it accepted.
    const { case: waiting } = await w.intake({ ...base, idempotencyKey: 'no-means-0003', decision: 'notify_missing', materials: w.fullMaterials(DB, ['incomeProof']) });
    expect(waiting.status).toBe('waiting_materials');
    const supplied = () => w.row(waiting.id);
    const without = await w.asErr('li', 'cases.supplyMaterials', { caseId: waiting.id, materials: [{ key: 'incomeProof', copies: 1 }] });
    expect(without.fields).toEqual([{ path: 'means', message }]);
    const partial = await w.asErr('li', 'cases.supplyMaterials', { caseId: waiting.id, materials: [{ key: 'incomeProof', copies: 1 }], means: means([[head, 300, 0]]) });
    expect(partial.fields).toEqual([{ path: 'means.members', message: '最低生活保障按家庭人均收入核算，受理时须填写每位家庭成员的月收入和财产：缺少李秀英、张小军' }]);
    expect(supplied()).toMatchObject({ status: 'waiting_materials' });
    expect(w.core.db.prepare('SELECT count(*) AS n FROM case_household_means').get()).toEqual({ n: 0 });
    const ok = await w.as('li', 'cases.supplyMaterials', {
      caseId: waiting.id,
      materials: [{ key: 'incomeProof', copies: 1 }],
      means: means([
        [head, 300, 0],
        [wife, 200, 0],
        [son, 0, 0],
      ]),
    });
    expect(ok.accepted).toBe(true);
    expect(ok.case.meansTest).toMatchObject({ totalIncome: 500, amount: 4150 });
    // Declared once: not rewritten afterwards.
    const again = await w.asErr('li', 'cases.supplyMaterials', { caseId: waiting.id, materials: [{ key: 'marriageCert', copies: 1 }], means: means([[head, 0, 0], [wife, 0, 0], [son, 0, 0]]) });
    expect(again.fields).toEqual([{ path: 'means', message: '本件已登记家庭成员的月收入和财产，不能再次填写' }]);
    w.setDay('2026-03-04');
    await walkToApproval(w, waiting.id);
    // (1550 × 3 − 500) = 4150, whatever amount the approver had in mind.
    const { beneficiary } = await w.transition('chen', waiting.id, 'approve', { opinion: '同意' });
    expect(beneficiary).toMatchObject({ latestAmount: 4150 });
    await w.expectVerified();
  });

  it('always approves a means-tested case at the computed amount: a case without recorded means is refused, not approved at a typed one', async () => {
    const w = await dibaoWorld();
    const { head } = await family(w);
    const { case: c } = await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB]!, means: w.householdMeans(head, [100, 100, 100]) });
    w.setDay('2026-03-04');
    await walkToApproval(w, c.id);
    // Only a damaged record could lack them; the approval does not fall back to the typed amount.
    w.core.db.prepare('DELETE FROM case_household_means WHERE case_id = ?').run(c.id);
    const events = w.eventCount(c.id);
    for (const extra of [{ monthlyAmount: 1200 }, { values: { assessedAmount: 1200 } }, {}]) {
      const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意', ...extra });
      expect(e).toMatchObject({ code: 'CONFLICT', message: '本件未登记家庭成员的月收入和财产，不能核算最低生活保障保障金额' });
    }
    expect(w.eventCount(c.id)).toBe(events);
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 0 });
  });

  it('a case taken in under an item version without the means test keeps that version’s rule: the approver’s amount', async () => {
    const w = await dibaoWorld();
    const { head } = await family(w);
    const seed = centreDecided(seedItems.find((d) => d.code === DB)!);
    const old = await w.as('admin', 'catalogue.save', { definition: { ...seed, recurring: { amountField: 'assessedAmount' } } });
    const { case: c } = await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB]! });
    expect(c.item.version).toBe(old.version);
    expect(c.meansTest).toBeNull();
    // The centre restores the means test; the case keeps the version it was taken in under.
    const current = await w.as('admin', 'catalogue.save', { definition: seed });
    expect(current.version).toBeGreaterThan(old.version);
    w.setDay('2026-03-04');
    await walkToApproval(w, c.id);
    const { beneficiary } = await w.transition('chen', c.id, 'approve', { opinion: '同意', values: { assessedAmount: 1200 } });
    expect(beneficiary).toMatchObject({ latestAmount: 1200 });
  });
});
