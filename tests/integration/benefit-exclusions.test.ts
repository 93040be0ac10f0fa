/**
 * No double payment for one purpose: 老年综合津贴 and 高龄老人营养费补贴 are never paid to one
 * person for the same month. Played through the handlers on a real SQLite file, the 发放名册
 * read back from the exported files month by month.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { ROSTER_SQL } from '../../db/src/exports/kinds/roster';
import { caseWorld, VALUES } from '../support/cases';
import { manifestOf, readXlsx } from '../support/exports';
import { tempDir } from '../support/temp';

const LNJT = 'MZ-LNJT-001'; // 90–99: 350 元
const GLYY = 'MZ-GLYY-001'; // 90–99: 100 元

type World = Awaited<ReturnType<typeof caseWorld>>;

async function toApproval(w: World, residentId: number, itemCode: string) {
  const { case: c } = await w.intake({ residentId, itemCode, values: VALUES[itemCode] });
  await w.transition('wang', c.id, 'advance');
  return c;
}

/** The roster of `month` from its exported XLSX: [name, item code, yuan] per row, and the manifest's summary. */
async function roster(w: World, dir: string, month: string) {
  const out = await w.as('admin', 'exports.run', { kind: 'roster', period: month });
  const m = manifestOf(join(dir, out.folderName!));
  const rows = await readXlsx(join(dir, out.folderName!, m.files.find((f: { format: string }) => f.format === 'xlsx').name));
  return {
    rows: rows.slice(1, -1).map((r) => [r[2], r[7], r[6]]),
    totals: rows[rows.length - 1],
    summary: m.summary,
    withheld: (out as { withheld?: unknown }).withheld,
  };
}

/** 在保人数 and 发放金额 per item of the 月报 of `month`, for the two items. */
async function monthlyPaid(w: World, dir: string, month: string) {
  const out = await w.as('admin', 'exports.run', { kind: 'monthly', period: month });
  const m = manifestOf(join(dir, out.folderName!));
  const rows = await readXlsx(join(dir, out.folderName!, m.files.find((f: { format: string }) => f.format === 'xlsx').name));
  const header = rows[0]!;
  const at = (code: string, column: string) => rows.find((r) => r[1] === '事项' && r[3] === code)![header.indexOf(column)];
  return Object.fromEntries([LNJT, GLYY].map((code) => [code, [at(code, '在保人数'), at(code, '发放金额（元）')]]));
}

/** The item's definition as catalogue.save takes it, with its exclusions replaced. */
function withExclusions(w: World, code: string, cannotCombineWith: string[]) {
  const { version: _v, savedAt: _s, ...definition } = getItemVersion(w.core.db, code);
  return { definition: { ...definition, cannotCombineWith } };
}

describe('老年综合津贴 and 高龄老人营养费补贴 are never paid together', { timeout: 120_000 }, () => {
  it('refuses the approval that would overlap a running benefit, naming it and the ways out; allows it from the stop month', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const dir = tempDir('onewindow-excl-');
    await w.as('admin', 'settings.update', { exportDir: dir });
    const p = await w.resident('钱九一', { birth: '19340615' });

    const lnjt = await toApproval(w, p, LNJT);
    w.setDay('2026-03-04');
    const started = await w.transition('chen', lnjt.id, 'approve');
    expect(started.beneficiary).toMatchObject({ startMonth: '2026-04', latestAmount: 350 });

    w.setDay('2026-03-05');
    // The counter hears it first: the precheck warns (and the hints never suggest it).
    const pre = await w.as('li', 'cases.precheck', { residentId: p, itemCode: GLYY });
    expect(pre.warnings).toMatchObject([{ kind: 'cannot_combine', itemCode: LNJT, caseNo: lnjt.caseNo }]);
    const glyy = await toApproval(w, p, GLYY);
    const before = w.row(glyy.id);
    const events = w.eventCount(glyy.id);
    const e = await w.asErr('chen', 'cases.transition', { caseId: glyy.id, action: 'approve', opinion: '同意' });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(
      `高龄老人营养费补贴与老年综合津贴不能同时享受：申请人正在享受老年综合津贴（办件 ${lnjt.caseNo}，自 2026-04 起），不能自 2026-04 起发放高龄老人营养费补贴。请先办理老年综合津贴停发（经两人确认），再将起始月份设在其停发月份或以后`,
    );
    expect(e.details).toMatchObject({ rule: 'cannot_combine', itemCode: LNJT, caseNo: lnjt.caseNo, stopMonth: null });
    expect(w.row(glyy.id)).toEqual(before);
    expect(w.eventCount(glyy.id)).toBe(events);
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 1 });

    // The two-person stop of 老年综合津贴 from July.
    const benefitId = started.beneficiary!.id;
    const proposed = await w.as('wang', 'beneficiaries.stop', { id: benefitId, fromMonth: '2026-07', reason: '改领高龄老人营养费补贴' });
    await w.as('chen', 'beneficiaries.confirmChange', { proposalId: proposed.proposal.id });

    // A start before the stop month still overlaps; the message says from when it may start.
    const early = await w.asErr('chen', 'cases.transition', { caseId: glyy.id, action: 'approve', opinion: '同意', startMonth: '2026-06' });
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toContain('至 2026-07 停发');
    expect(early.message).toContain('请将起始月份设为 2026-07 或以后');
    expect(w.row(glyy.id)).toEqual(before);

    const ok = await w.transition('chen', glyy.id, 'approve', { startMonth: '2026-07' });
    expect(ok.beneficiary).toMatchObject({ startMonth: '2026-07', latestAmount: 100 });

    w.setDay('2026-09-01');
    const months: Record<string, unknown[]> = {};
    for (const month of ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08']) {
      const r = await roster(w, dir, month);
      expect(r.withheld, month).toBeUndefined();
      expect(r.summary.withheld, month).toBeUndefined();
      months[month] = r.rows;
    }
    expect(months).toEqual({
      '2026-03': [],
      '2026-04': [['钱九一', LNJT, 350]],
      '2026-05': [['钱九一', LNJT, 350]],
      '2026-06': [['钱九一', LNJT, 350]],
      '2026-07': [['钱九一', GLYY, 100]],
      '2026-08': [['钱九一', GLYY, 100]],
    });
    await w.expectVerified();
  });

  it('the roster lists the benefit approved first and reports the other as withheld when legacy rows overlap', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const dir = tempDir('onewindow-excl-');
    await w.as('admin', 'settings.update', { exportDir: dir });
    const p = await w.resident('孙九二', { birth: '19331010' });
    const q = await w.resident('周九三', { birth: '19321111' });

    // Before the rule: the catalogue declared no exclusion, and both were approved.
    await w.as('admin', 'catalogue.save', withExclusions(w, LNJT, []));
    await w.as('admin', 'catalogue.save', withExclusions(w, GLYY, []));
    const lnjt = await toApproval(w, p, LNJT);
    const other = await toApproval(w, q, LNJT);
    w.setDay('2026-03-04');
    await w.transition('chen', lnjt.id, 'approve');
    await w.transition('chen', other.id, 'approve');
    w.setDay('2026-03-05');
    const glyy = await toApproval(w, p, GLYY);
    w.setDay('2026-03-09');
    const paidToo = await w.transition('chen', glyy.id, 'approve', { startMonth: '2026-05' });
    // The rule arrives.
    await w.as('admin', 'catalogue.save', withExclusions(w, LNJT, [GLYY]));
    await w.as('admin', 'catalogue.save', withExclusions(w, GLYY, [LNJT]));

    w.setDay('2026-07-01');
    const april = await roster(w, dir, '2026-04');
    expect(april.rows).toEqual([
      ['孙九二', LNJT, 350],
      ['周九三', LNJT, 350],
    ]);
    expect(april.withheld).toBeUndefined();

    const may = await roster(w, dir, '2026-05');
    expect(may.rows).toEqual([
      ['孙九二', LNJT, 350],
      ['周九三', LNJT, 350],
    ]);
    expect(may.totals).toEqual(['合计', '2026-05', '共2人', null, null, null, 700, null, null, null, null]);
    const reason = `高龄老人营养费补贴与老年综合津贴不能同时享受：本月只发放先批准的老年综合津贴（办件 ${lnjt.caseNo}），高龄老人营养费补贴（办件 ${glyy.caseNo}）未列入名册，请核实后办理停发`;
    expect(may.summary).toEqual({ totals: { people: 2, rows: 2, amount: '700.00' }, withheld: [{ caseNo: glyy.caseNo, itemCode: GLYY, reason }] });
    expect(may.withheld).toEqual([{ caseNo: glyy.caseNo, itemCode: GLYY, reason }]);
    // The raw query the benchmark reads still has every recorded benefit; the export is what holds back.
    expect(w.core.db.prepare(ROSTER_SQL).all({ month: '2026-05' })).toHaveLength(3);
    // The 月报 counts what the roster pays.
    expect(await monthlyPaid(w, dir, '2026-05')).toEqual({ [LNJT]: [2, 700], [GLYY]: [0, 0] });

    // The withheld benefit is stopped (two persons) from June: nothing is withheld any more.
    const proposed = await w.as('wang', 'beneficiaries.stop', { id: paidToo.beneficiary!.id, fromMonth: '2026-06', reason: '与老年综合津贴重复' });
    await w.as('chen', 'beneficiaries.confirmChange', { proposalId: proposed.proposal.id });
    const june = await roster(w, dir, '2026-06');
    expect(june.rows).toEqual([
      ['孙九二', LNJT, 350],
      ['周九三', LNJT, 350],
    ]);
    expect(june.withheld).toBeUndefined();
    expect(june.summary).toEqual({ totals: { people: 2, rows: 2, amount: '700.00' } });
  });

  it('never suggests an item exclusive with one the person receives, nor one they receive', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('吴九四', { birth: '19320303' });
    const fresh = await w.as('li', 'cases.precheck', { residentId: p });
    expect(fresh.hints.map((h) => h.itemCode)).toEqual(expect.arrayContaining([LNJT, GLYY]));
    // Applying for one: the other is no advice either.
    const applying = await w.as('li', 'cases.precheck', { residentId: p, itemCode: LNJT });
    expect(applying.hints.map((h) => h.itemCode)).not.toContain(GLYY);

    const c = await toApproval(w, p, LNJT);
    await w.transition('chen', c.id, 'approve');
    const after = await w.as('li', 'cases.precheck', { residentId: p });
    expect(after.hints.map((h) => h.itemCode)).not.toContain(GLYY);
    expect(after.hints.map((h) => h.itemCode)).not.toContain(LNJT);
  });
});
