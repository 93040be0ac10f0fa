import { describe, expect, it } from 'vitest';
import { amountInMonth, changesOf, getBeneficiaryRow } from '../../db/src/beneficiaries/beneficiaries';
import { addMonths } from '../../db/src/beneficiaries/months';
import { monthFigures, PAID_BY_ITEM_SQL, PAID_IN_MONTH_SQL } from '../../db/src/exports/kinds/monthly';
import { rosterKind } from '../../db/src/exports/kinds/roster';
import { itemDefinitionSchema } from '../../db/src/catalogue/definition';
import { join } from 'node:path';
import { caseWorld, VALUES } from '../support/cases';
import { manifestOf, readXlsx } from '../support/exports';
import { tempDir } from '../support/temp';

const LNJT = 'MZ-LNJT-001'; // 老年综合津贴: 65–69 75, 70–79 150, 80–89 180, 90–99 350, 100+ 600; steps the month after the birthday

type World = Awaited<ReturnType<typeof caseWorld>>;

const months = (from: string, n: number) => Array.from({ length: n }, (_, i) => addMonths(from, i));

/** The 发放名册 of a month as the export writes it: [name, amount in fen] per row. */
function roster(db: any, month: string) {
  const out = rosterKind.open(db, { from: month, to: month }, `${month}-28`);
  return [...out.rows].map((r) => [r[2], r[6]]);
}

/** The 月报's paid amount of an item in a month (monthFigures reads the trigger-kept totals). */
const reportFen = (db: any, month: string, item = LNJT) => monthFigures(db, month).get(item)?.amountFen ?? 0;

/** The trigger-kept totals (migration 0010) against the rule stated row by row. */
function expectTotalsRight(db: any, ms: string[]) {
  const rule = db.prepare(`SELECT item_code, count(*) AS n, sum(amount_fen) AS fen FROM (${PAID_IN_MONTH_SQL}) WHERE amount_fen IS NOT NULL GROUP BY item_code ORDER BY item_code`);
  const totals = db.prepare(`${PAID_BY_ITEM_SQL} ORDER BY item_code`);
  for (const month of ms) expect(totals.all({ month }), month).toEqual(rule.all({ month }));
}

/** Takes in a 老年综合津贴 case for the resident and approves it (wang reviews, chen approves). */
async function approve(w: World, residentId: number, extra: Record<string, unknown> = {}, intakeExtra: Record<string, unknown> = {}) {
  const { case: c } = await w.intake({ residentId, itemCode: LNJT, values: VALUES[LNJT], ...intakeExtra });
  await w.transition('wang', c.id, 'advance');
  const done = await w.transition('chen', c.id, 'approve', extra);
  return { caseId: c.id, benefitId: done.beneficiary!.id, beneficiary: done.beneficiary! };
}

/** The current definition of 老年综合津贴 as the editor would save it (without version and status). */
async function lnjtDefinition(w: World): Promise<any> {
  const current = await w.as('admin', 'catalogue.get', { code: LNJT });
  return Object.fromEntries(Object.entries(current).filter(([k]) => k in itemDefinitionSchema.shape));
}

/** Saves a new version of 老年综合津贴 with the given changes to its `recurring` rules. */
async function reviseLnjt(w: World, recurring: (r: any) => any) {
  const definition = await lnjtDefinition(w);
  await w.as('admin', 'catalogue.save', { definition: { ...definition, recurring: recurring(definition.recurring) } });
}

describe('age tiers step up by themselves: the 80th birthday', { timeout: 120_000 }, () => {
  it('approved at 79 with the 80th birthday in June: 150 元 to June, 180 元 from July (the month after), in the roster, the 月报, get with month and the history', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const db = w.core.db;
    const qian = await w.resident('钱老伯', { birth: '19460615' });
    const { benefitId, beneficiary } = await approve(w, qian);
    expect(beneficiary).toMatchObject({ startMonth: '2026-04', monthlyAmount: null, amountMonth: '2026-03', latestAmount: 150, amountSource: 'age_tier' });
    const reason80 = '年满80周岁，按新年龄档发放（80–89岁，每月180元；80周岁生日 2026-06-15）';
    expect(beneficiary.nextStep).toEqual({ effectiveMonth: '2026-07', amount: 180, reason: reason80 });

    const expected: Record<string, number | null> = { '2026-03': null, '2026-04': 150, '2026-05': 150, '2026-06': 150, '2026-07': 180, '2026-08': 180, '2027-06': 180 };
    for (const [month, amount] of Object.entries(expected)) {
      const rows = roster(db, month);
      if (amount === null) expect(rows, month).toEqual([]);
      else expect(rows, month).toEqual([['钱老伯', amount * 100]]);
      // The 月报 pays what the roster lists.
      expect(reportFen(db, month), month).toBe((amount ?? 0) * 100);
      const got = await w.as('li', 'beneficiaries.get', { id: benefitId, month });
      expect(got, month).toMatchObject({ monthlyAmount: amount, amountMonth: month });
      // The list shows the same amount for the month chosen.
      expect((await w.as('li', 'beneficiaries.list', { residentId: qian, month })).items[0], month).toMatchObject({ id: benefitId, monthlyAmount: amount });
    }
    expectTotalsRight(db, months('2026-03', 24));

    const got = await w.as('li', 'beneficiaries.get', { id: benefitId, month: '2026-07' });
    expect(got.latestAmount).toBe(180);
    expect(got.nextStep).toMatchObject({ effectiveMonth: '2036-07', amount: 350 });
    // The history shows the step (and the later ones) with its reason, marked as the age rule's.
    expect(got.history.map((h) => [h.kind, h.effectiveMonth, h.amount, h.rule])).toEqual([
      ['start', '2026-04', 150, null],
      ['change', '2026-07', 180, 'age_tier'],
      ['change', '2036-07', 350, 'age_tier'],
      ['change', '2046-07', 600, 'age_tier'],
    ]);
    expect(got.history[1]!.reason).toBe(reason80);
    // A month is YYYY-MM; an unknown benefit is named.
    expect(await w.asErr('li', 'beneficiaries.get', { id: benefitId, month: '2026-13' })).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'month', message: '月份格式应为 YYYY-MM，例如 2026-04' }] });
    expect(await w.asErr('li', 'beneficiaries.get', { id: 999 })).toMatchObject({ code: 'NOT_FOUND', message: '没有编号为 999 的享受对象记录' });
    // Without `month`, the current month: not yet paid in March.
    expect(await w.as('li', 'beneficiaries.get', { id: benefitId })).toMatchObject({ amountMonth: '2026-03', monthlyAmount: null });
    // The rule is the same row by row (amountInMonth) and in the SQL.
    const row = getBeneficiaryRow(db, benefitId)!;
    expect(amountInMonth(row, changesOf(db, benefitId), '2026-06')).toBe(15000);
    expect(amountInMonth(row, changesOf(db, benefitId), '2026-07')).toBe(18000);
  });

  it('an item declaring the birthday month pays the new tier from June itself; the approval form previews the tier and the step', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const db = w.core.db;
    await reviseLnjt(w, (r) => ({ ...r, tierStepFrom: 'birthday_month' }));
    const qian = await w.resident('钱老伯', { birth: '19460615' });
    const { case: c } = await w.intake({ residentId: qian, itemCode: LNJT, values: VALUES[LNJT] });
    await w.transition('wang', c.id, 'advance');
    const preview = await w.as('chen', 'beneficiaries.amountPreview', { caseId: c.id });
    expect(preview).toMatchObject({ recurring: true, startMonth: '2026-04', amount: 150, source: 'age_tier', tier: '70–79岁', age: 79, stepFrom: 'birthday_month', refusal: null });
    expect(preview.steps[0]).toEqual({ effectiveMonth: '2026-06', age: 80, amount: 180, text: '满80周岁后自2026-06起每月180元' });
    const { beneficiary } = { beneficiary: (await w.transition('chen', c.id, 'approve')).beneficiary! };
    expect(roster(db, '2026-05')).toEqual([['钱老伯', 15000]]);
    expect(roster(db, '2026-06')).toEqual([['钱老伯', 18000]]);
    expect(roster(db, '2026-07')).toEqual([['钱老伯', 18000]]);
    for (const m of ['2026-05', '2026-06', '2026-07']) expect(reportFen(db, m)).toBe(roster(db, m)[0]![1]);
    expect((await w.as('li', 'beneficiaries.get', { id: beneficiary.id, month: '2026-06' })).monthlyAmount).toBe(180);
    expectTotalsRight(db, months('2026-03', 8));

    const history = (await w.as('li', 'beneficiaries.get', { id: beneficiary.id, month: '2026-06' })).history;
    expect(history[1]).toMatchObject({ kind: 'change', effectiveMonth: '2026-06', amount: 180, rule: 'age_tier', reason: '年满80周岁，按新年龄档发放（80–89岁，每月180元；80周岁生日 2026-06-15）' });
  });

  it('a manual change before the birthday is possible and does not cancel the step; a stop ends the steps; a re-approval replaces them', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const db = w.core.db;
    const qian = await w.resident('钱老伯', { birth: '19460615' });
    const { benefitId } = await approve(w, qian);
    // A correction from May, proposed by wang and confirmed by admin (two people).
    const proposed = await w.as('wang', 'beneficiaries.change', { id: benefitId, monthlyAmount: 160, fromMonth: '2026-05', reason: '核实后更正' });
    await w.as('admin', 'beneficiaries.confirmChange', { proposalId: proposed.proposal.id });
    expect(roster(db, '2026-04').map((r) => r[1])).toEqual([15000]);
    expect(roster(db, '2026-05')).toEqual([['钱老伯', 16000]]);
    expect(roster(db, '2026-06').map((r) => r[1])).toEqual([16000]);
    // The step still comes: the tier is the item's rule.
    expect(roster(db, '2026-07').map((r) => r[1])).toEqual([18000]);
    const view = await w.as('li', 'beneficiaries.get', { id: benefitId, month: '2026-05' });
    expect(view).toMatchObject({ monthlyAmount: 160, latestAmount: 160, nextStep: { effectiveMonth: '2026-07', amount: 180 } });
    // A change after the step (from August) overrides it from then on.
    const later = await w.as('wang', 'beneficiaries.change', { id: benefitId, monthlyAmount: 190, fromMonth: '2026-08', reason: '核实后更正' });
    await w.as('admin', 'beneficiaries.confirmChange', { proposalId: later.proposal.id });
    expect(['2026-07', '2026-08', '2036-06', '2036-07'].map((m) => roster(db, m)[0]![1])).toEqual([18000, 19000, 19000, 35000]);
    // A change is still judged against the decisions only: before the latest decision is refused.
    expect((await w.asErr('wang', 'beneficiaries.change', { id: benefitId, monthlyAmount: 170, fromMonth: '2026-06', reason: '更正' })).code).toBe('VALIDATION');
    expectTotalsRight(db, months('2026-03', 12));

    // A stop from 2030 ends the later steps: nothing paid, none shown as coming.
    const stop = await w.as('wang', 'beneficiaries.stop', { id: benefitId, fromMonth: '2030-01', reason: '迁出本市' });
    const stopped = (await w.as('admin', 'beneficiaries.confirmChange', { proposalId: stop.proposal.id })).beneficiary;
    expect(stopped.history.filter((h) => h.rule === 'age_tier').map((h) => h.effectiveMonth)).toEqual(['2026-07']);
    expect(roster(db, '2036-07')).toEqual([]);
    expect(reportFen(db, '2036-07')).toBe(0);
    expect((await w.as('li', 'beneficiaries.get', { id: benefitId, month: '2029-12' })).nextStep).toBeNull();
    expectTotalsRight(db, ['2029-12', '2030-01', '2036-07']);
  });

  it('a re-approval leaves no stale steps: the steps of the earlier approval from its month on are replaced', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const db = w.core.db;
    const qian = await w.resident('钱老伯', { birth: '19460615' });
    const { benefitId } = await approve(w, qian);
    // The centre raises the 80–89 tier to 200 元; the person applies again in May.
    await reviseLnjt(w, (r) => ({ ...r, ageTiers: r.ageTiers.map((t: any) => (t.minAge === 80 ? { ...t, monthlyAmount: 200 } : t)) }));
    w.setDay('2026-05-06');
    // Taken in again although already paid: the clerk confirms the change of circumstances.
    const again = await approve(w, qian, {}, { confirmDuplicate: { reason: '年龄档标准调整，重新申请' } });
    expect(again.benefitId).toBe(benefitId);
    const view = await w.as('li', 'beneficiaries.get', { id: benefitId, month: '2026-07' });
    expect(view.monthlyAmount).toBe(200);
    expect(view.history.map((h) => [h.kind, h.effectiveMonth, h.amount, h.rule])).toEqual([
      ['start', '2026-04', 150, null],
      ['change', '2026-06', 150, null],
      ['change', '2026-07', 200, 'age_tier'],
      ['change', '2036-07', 350, 'age_tier'],
      ['change', '2046-07', 600, 'age_tier'],
    ]);
    expect(['2026-06', '2026-07', '2036-07'].map((m) => roster(db, m)[0]![1])).toEqual([15000, 20000, 35000]);
    expectTotalsRight(db, months('2026-03', 8));
  });
});

describe('every tiered item steps: 高龄老人营养费补贴 at 100', () => {
  it('approved at 99 (100 元), 300 元 from the month after the 100th birthday; an applicant in no tier is previewed with the refusal', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const db = w.core.db;
    const GLYY = 'MZ-GLYY-001';
    const zhou = await w.resident('周阿婆', { birth: '19260910', sex: 'female' });
    const { case: c } = await w.intake({ residentId: zhou, itemCode: GLYY, values: VALUES[GLYY] });
    await w.transition('wang', c.id, 'advance');
    expect((await w.as('chen', 'beneficiaries.amountPreview', { caseId: c.id })).steps).toEqual([
      { effectiveMonth: '2026-10', age: 100, amount: 300, text: '满100周岁后自2026-10起每月300元' },
    ]);
    const id = (await w.transition('chen', c.id, 'approve')).beneficiary!.id;
    const paid = (m: string) => rosterKind.open(db, { from: m, to: m }, `${m}-28`);
    expect(['2026-09', '2026-10'].map((m) => [...paid(m).rows].find((r) => r[7] === GLYY)![6])).toEqual([10000, 30000]);
    expect(['2026-09', '2026-10'].map((m) => reportFen(db, m, GLYY))).toEqual([10000, 30000]);
    expect((await w.as('li', 'beneficiaries.get', { id, month: '2026-10' })).history.at(-1)).toMatchObject({ rule: 'age_tier', reason: '年满100周岁，按新年龄档发放（100岁以上，每月300元；100周岁生日 2026-09-10）' });

    const eighty = await w.resident('八十岁', { birth: '19460101' });
    const { case: d } = await w.intake({ residentId: eighty, itemCode: GLYY, values: VALUES[GLYY] });
    await w.transition('wang', d.id, 'advance');
    expect(await w.as('chen', 'beneficiaries.amountPreview', { caseId: d.id })).toMatchObject({
      amount: null,
      steps: [],
      refusal: '申请人审批日年龄80岁，不在高龄老人营养费补贴任何年龄档（90–99岁、100岁以上）内，不能审批通过',
    });
  });
});

describe('a 29 February birthday', () => {
  it('turns over on 1 March in a common year (as ages everywhere): 70 on 2026-03-01, paid at 70–79 from April under the seed rule', async () => {
    const w = await caseWorld('2025-12-01T09:00:00+08:00');
    const db = w.core.db;
    const lin = await w.resident('林阿婆', { birth: '19560229', sex: 'female' });
    const { benefitId, beneficiary } = await approve(w, lin);
    expect(beneficiary).toMatchObject({ startMonth: '2026-01', latestAmount: 75, nextStep: { effectiveMonth: '2026-04', amount: 150, reason: '年满70周岁，按新年龄档发放（70–79岁，每月150元；70周岁生日 2026-03-01）' } });
    expect(['2026-01', '2026-02', '2026-03', '2026-04'].map((m) => roster(db, m)[0]![1])).toEqual([7500, 7500, 7500, 15000]);
    // 80 on 2036-02-29 (a leap year): from March 2036.
    expect((await w.as('li', 'beneficiaries.get', { id: benefitId, month: '2026-04' })).nextStep).toMatchObject({ effectiveMonth: '2036-03', amount: 180 });
  });
});

describe('the amount range an item declares for amounts typed at approval', () => {
  it('refuses an amount outside it with a typed error in Chinese, leaving the case open; one inside passes; the preview names the range', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    // Without tiers the approver types the amount: an item version with a declared range.
    await reviseLnjt(w, ({ ageTiers, tierStepFrom, ...r }) => ({ ...r, minMonthlyAmount: 100, maxMonthlyAmount: 500 }));
    const bad = await w.asErr('admin', 'catalogue.save', { definition: { ...(await lnjtDefinition(w)), recurring: { minMonthlyAmount: 600, maxMonthlyAmount: 500 } } });
    expect(bad).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'definition.recurring.maxMonthlyAmount', message: '最高月发放金额不能低于最低月发放金额' }] });

    const sun = await w.resident('孙阿姨', { birth: '19600101' });
    const { case: c } = await w.intake({ residentId: sun, itemCode: LNJT, values: VALUES[LNJT] });
    await w.transition('wang', c.id, 'advance');
    expect(await w.as('chen', 'beneficiaries.amountPreview', { caseId: c.id })).toMatchObject({ amount: null, source: null, range: '每月 100–500 元', steps: [] });
    const events = w.eventCount(c.id);
    for (const amount of [1500, 99.99]) {
      const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意', monthlyAmount: amount });
      expect(e).toMatchObject({
        code: 'VALIDATION',
        fields: [{ path: 'monthlyAmount', message: `老年综合津贴的月发放金额超出本事项规定的范围（每月 100–500 元），不能为 ${amount} 元` }],
      });
    }
    expect(w.row(c.id).status).toBe('in_progress');
    expect(w.eventCount(c.id)).toBe(events);
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 0 });
    const ok = await w.transition('chen', c.id, 'approve', { monthlyAmount: 500 });
    expect(ok.beneficiary).toMatchObject({ latestAmount: 500, amountSource: 'approval', nextStep: null });
  });

  it('the exported 发放名册 names the step in its 本月变动说明 column, in the month it takes effect only', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const dir = tempDir('onewindow-roster-steps-');
    await w.as('admin', 'settings.update', { exportDir: dir });
    const qian = await w.resident('钱老伯', { birth: '19460615' });
    const { case: c } = await w.intake({ residentId: qian, itemCode: LNJT, values: VALUES[LNJT] });
    await w.transition('wang', c.id, 'advance');
    await w.transition('chen', c.id, 'approve');
    w.setDay('2026-08-03');
    const exported = async (month: string) => {
      const out = await w.as('admin', 'exports.run', { kind: 'roster', period: month });
      const m = manifestOf(join(dir, out.folderName!));
      expect(m.layoutVersion).toBe(2);
      const rows = await readXlsx(join(dir, out.folderName!, m.files.find((f: { format: string }) => f.format === 'xlsx').name));
      const col = rows[0]!.indexOf('本月变动说明');
      expect(col, 'column').toBe(10);
      return rows.slice(1, -1).map((r) => [r[2], r[6], r[col] ?? null]);
    };
    expect(await exported('2026-04')).toEqual([['钱老伯', 150, expect.stringContaining('审批通过')]]);
    expect(await exported('2026-06')).toEqual([['钱老伯', 150, null]]);
    expect(await exported('2026-07')).toEqual([['钱老伯', 180, '年满80周岁，按新年龄档发放（80–89岁，每月180元；80周岁生日 2026-06-15）']]);
  });
});
