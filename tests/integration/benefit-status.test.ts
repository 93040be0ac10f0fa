/**
 * Residents' status (#17): a death or a move-out registered by a reviewer stops every
 * running benefit from the following month, read here month by month from the 发放名册
 * as the export writes it.
 */
import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PAID_BY_ITEM_SQL, PAID_IN_MONTH_SQL } from '../../db/src/exports/kinds/monthly';
import { rosterKind } from '../../db/src/exports/kinds/roster';
import { addMonths } from '../../db/src/beneficiaries/months';
import { caseWorld, VALUES } from '../support/cases';
import { makeId } from '../support/ids';

const LNJT = 'MZ-LNJT-001';
const GLYY = 'MZ-GLYY-001';

/** The roster of a month as the export writes it: [name, item, amount in fen] per row. */
function roster(db: any, month: string) {
  const out = rosterKind.open(db, { from: month, to: month }, `${month}-28`);
  return [...out.rows].map((r) => [r[2], r[7], r[6]]);
}

function months(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Trigger-kept monthly totals (migration 0010) against the rule stated row by row. */
function expectTotalsRight(db: any, list: string[]) {
  const rule = db.prepare(`SELECT item_code, count(*) AS n, sum(amount_fen) AS fen FROM (${PAID_IN_MONTH_SQL}) WHERE amount_fen IS NOT NULL GROUP BY item_code ORDER BY item_code`);
  const totals = db.prepare(`${PAID_BY_ITEM_SQL} ORDER BY item_code`);
  for (const month of list) expect(totals.all({ month }), month).toEqual(rule.all({ month }));
}

/** Every table's rows: a refused call must leave all of them as they were. */
function fingerprint(db: any): string {
  const hash = createHash('sha256');
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]) {
    if (name === 'sessions') continue; // sign-in activity, touched by every call
    hash.update(name);
    hash.update(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).raw().all()));
  }
  return hash.digest('hex');
}

/** A benefit of `item` accepted by `both`, reviewed by wang and approved by chen on the world's current day. */
async function approve(w: Awaited<ReturnType<typeof caseWorld>>, residentId: number, itemCode: string, extra: { startMonth?: string } = {}) {
  const { case: c } = await w.intake({ residentId, itemCode, values: VALUES[itemCode] }, 'both');
  let view = await w.transition('wang', c.id, 'advance');
  while (view.case.stage?.kind !== 'approval') view = await w.transition('wang', c.id, 'advance');
  const done = await w.transition('chen', c.id, 'approve', extra);
  return done.beneficiary!;
}

describe('death mid-month: paid up to the month of death, not from the next month', () => {
  it('stops 老年综合津贴 from the month after the death, withdraws the pending change, and refuses a new case', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const db = w.core.db;
    const qian = await w.resident('钱老伯', { birth: '19540610' });
    const other = await w.resident('孙阿姨', { birth: '19550101', sex: 'female' });
    const b = await approve(w, qian, LNJT);
    const keep = await approve(w, other, LNJT);
    expect(b).toMatchObject({ startMonth: '2026-04', latestAmount: 150 });

    // A year later: a confirmed raise recorded for June, and a pending change proposed.
    w.setDay('2027-03-01');
    const raise = await w.as('wang', 'beneficiaries.change', { id: b.id, monthlyAmount: 180, fromMonth: '2027-06', reason: '年龄段调整' });
    await w.as('chen', 'beneficiaries.confirmChange', { proposalId: raise.proposal.id });
    const pending = await w.as('wang', 'beneficiaries.change', { id: b.id, monthlyAmount: 200, fromMonth: '2027-07', reason: '调整' });

    w.setDay('2027-03-20');
    const before = months('2026-04', '2027-03').map((m) => roster(db, m));
    for (const rows of before) expect(rows).toContainEqual(['钱老伯', LNJT, 15000]);

    const res = await w.as('wang', 'residents.setStatus', { residentId: qian, status: 'deceased', date: '2027-03-15', reason: '家属持死亡证明报告', materialNo: 'SW2027-0315' });
    expect(res.resident).toMatchObject({ status: 'deceased', statusDate: '2027-03-15', statusRecord: { material: '死亡证明', materialNo: 'SW2027-0315', recordedBy: '测试wang' } });
    expect(res.stopped).toEqual([{ beneficiaryId: b.id, stopMonth: '2027-04', withdrawnProposalId: pending.proposal.id }]);

    // The roster: paid for every month up to March 2027, the month of death; never after.
    for (const m of months('2026-04', '2027-03')) expect(roster(db, m), m).toContainEqual(['钱老伯', LNJT, 15000]);
    for (const m of months('2027-04', '2027-09')) expect(roster(db, m), m).toEqual([['孙阿姨', LNJT, 15000]]);
    expectTotalsRight(db, months('2026-03', '2027-09'));

    const view = (await w.as('wang', 'beneficiaries.list', { residentId: qian })).items[0]!;
    expect(view).toMatchObject({ stopMonth: '2027-04', pendingChange: null });
    const stop = view.history.at(-1)!;
    expect(stop).toMatchObject({ kind: 'stop', effectiveMonth: '2027-04', by: '测试wang' });
    expect(stop.reason).toContain('2027-03-15 死亡');
    expect(stop.reason).toContain('死亡证明 SW2027-0315');
    const withdrawn = db.prepare('SELECT status, reject_reason, decided_by_name FROM beneficiary_change_proposals WHERE id = ?').get(pending.proposal.id) as Record<string, string>;
    expect(withdrawn).toMatchObject({ status: 'rejected', decided_by_name: '测试wang' });
    expect(withdrawn.reject_reason).toContain('死亡');
    // The other resident's benefit is untouched.
    expect((await w.as('wang', 'beneficiaries.list', { residentId: other })).items[0]).toMatchObject({ id: keep.id, status: 'active', stopMonth: null });

    // Audited: the registration and each stop.
    expect(db.prepare("SELECT handler, action, record_type FROM audit_log WHERE handler = 'residents.setStatus' ORDER BY id").all()).toEqual([
      { handler: 'residents.setStatus', action: 'stop', record_type: 'beneficiary' },
      { handler: 'residents.setStatus', action: 'register_death', record_type: 'resident' },
    ]);

    // The printed notice's content.
    const notice = await w.as('li', 'residents.stopNotice', { residentId: qian });
    expect(notice).toMatchObject({
      addressee: '钱老伯家属',
      statusLabel: '已死亡',
      material: '死亡证明',
      materialNo: 'SW2027-0315',
      benefits: [{ itemCode: LNJT, itemName: '老年综合津贴', monthlyAmount: 150, stopMonth: '2027-04', neverPaid: false }],
    });

    // A new case for the deceased is refused, and nothing is written (signed in again first:
    // the clock moved past the idle time, and a sign-in is written down).
    for (const who of ['li', 'chen']) await w.as(who, 'accounts.me', {});
    const print = fingerprint(db);
    const e = await w.asErr('li', 'cases.intake', { residentId: qian, itemCode: GLYY, values: {}, materials: w.fullMaterials(GLYY), decision: 'accept', idempotencyKey: randomUUID() });
    expect(e).toMatchObject({ code: 'CONFLICT', details: { rule: 'resident_status', status: 'deceased' } });
    expect(e.message).toContain('不能为其受理新的申请');
    // A second registration is refused with the first one named.
    const again = await w.asErr('chen', 'residents.setStatus', { residentId: qian, status: 'moved_out', date: '2027-03-16', reason: '迁出' });
    expect(again).toMatchObject({ code: 'CONFLICT', details: { rule: 'resident_status' } });
    expect(again.message).toContain('已于 2027-03-15 登记为已死亡');
    expect(fingerprint(db)).toBe(print);
    await w.expectVerified();
  });

  it('a benefit approved but not started by the stop month never pays', async () => {
    const w = await caseWorld('2027-03-02T09:00:00+08:00');
    const db = w.core.db;
    const zhou = await w.resident('周老伯', { birth: '19360101' });
    const b = await approve(w, zhou, GLYY, { startMonth: '2027-05' });
    expect(b.startMonth).toBe('2027-05');
    w.setDay('2027-03-10');
    const preview = await w.as('wang', 'residents.statusPreview', { residentId: zhou, date: '2027-03-08' });
    expect(preview.benefits).toMatchObject([{ beneficiaryId: b.id, itemCode: GLYY, stopMonth: '2027-05', neverPaid: true }]);
    await w.as('wang', 'residents.setStatus', { residentId: zhou, status: 'deceased', date: '2027-03-08', reason: '医院出具死亡证明' });
    for (const m of months('2027-03', '2027-08')) expect(roster(db, m), m).toEqual([]);
    expectTotalsRight(db, months('2027-03', '2027-08'));
    expect((await w.as('li', 'residents.stopNotice', { residentId: zhou })).benefits).toMatchObject([{ itemCode: GLYY, stopMonth: '2027-05', neverPaid: true }]);
  });
});

describe('a case still open at the death', () => {
  it('cannot be approved (nothing starts for the person); the precheck says why and suggests nothing', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const lin = await w.resident('林老伯', { birth: '19540610' });
    const { case: c } = await w.intake({ residentId: lin, itemCode: LNJT, values: VALUES[LNJT] }, 'both');
    await w.transition('wang', c.id, 'advance');
    w.setDay('2026-03-05');
    const res = await w.as('wang', 'residents.setStatus', { residentId: lin, status: 'deceased', date: '2026-03-04', reason: '家属报告' });
    expect(res.stopped).toEqual([]);
    const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意' });
    expect(e).toMatchObject({ code: 'CONFLICT', details: { rule: 'resident_status', status: 'deceased' } });
    expect(e.message).toContain('不能审批通过：请作不予批准或终止办理');
    expect(w.row(c.id)).toMatchObject({ status: 'in_progress' });
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 0 });
    // Deciding it otherwise is still possible.
    expect((await w.transition('chen', c.id, 'reject', { opinion: '申请人已死亡' })).case.status).toBe('not_approved');

    const pre = await w.as('li', 'cases.precheck', { residentId: lin });
    expect(pre.warnings).toEqual([expect.objectContaining({ kind: 'resident_inactive', message: '林老伯已于 2026-03-04 死亡，不能为其受理新的申请' })]);
    expect(pre.hints).toEqual([]);
  });
});

describe('move-out', () => {
  it('stops from the month after the move and records where to; a later stop already recorded is brought forward', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const db = w.core.db;
    const wu = await w.resident('吴老伯', { birth: '19540610' });
    const head = await w.resident('吴大伟', { birth: '19800101' });
    await w.household(head, [{ id: wu, relation: '父母' }]);
    const b = await approve(w, wu, LNJT);
    // A stop already confirmed for December: the move-out brings it forward to August.
    w.setDay('2026-07-01');
    const later = await w.as('wang', 'beneficiaries.stop', { id: b.id, fromMonth: '2026-12', reason: '年底复核不再符合' });
    await w.as('chen', 'beneficiaries.confirmChange', { proposalId: later.proposal.id });
    w.setDay('2026-07-31');
    const res = await w.as('chen', 'residents.setStatus', { residentId: wu, status: 'moved_out', date: '2026-07-30', reason: '户口迁往外省', movedTo: '江苏省苏州市', materialNo: 'QY-88' });
    expect(res.resident).toMatchObject({ status: 'moved_out', statusDate: '2026-07-30', statusRecord: { material: '迁移证明', movedTo: '江苏省苏州市' } });
    expect(res.stopped).toEqual([{ beneficiaryId: b.id, stopMonth: '2026-08', withdrawnProposalId: null }]);
    for (const m of months('2026-04', '2026-07')) expect(roster(db, m), m).toEqual([['吴老伯', LNJT, 15000]]);
    for (const m of months('2026-08', '2027-01')) expect(roster(db, m), m).toEqual([]);
    expectTotalsRight(db, months('2026-03', '2027-01'));
    const stop = (await w.as('chen', 'beneficiaries.list', { residentId: wu })).items[0]!.history.at(-1)!;
    expect(stop.reason).toContain('迁出（迁往江苏省苏州市），凭迁移证明 QY-88');
    const notice = await w.as('li', 'residents.stopNotice', { residentId: wu });
    expect(notice).toMatchObject({ addressee: '吴大伟户（户主 吴大伟）', statusLabel: '已迁出', movedTo: '江苏省苏州市', benefits: [{ stopMonth: '2026-08' }] });
    expect((await w.as('li', 'residents.get', { id: wu })).status).toBe('moved_out');
  });
});

describe('refusals leave nothing behind', () => {
  it('a date in the future or before birth, a to-where for a death, a clerk, an unknown resident', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const db = w.core.db;
    const zheng = await w.resident('郑老伯', { birth: '19540610' });
    await approve(w, zheng, LNJT);
    const print = fingerprint(db);
    const future = await w.asErr('wang', 'residents.setStatus', { residentId: zheng, status: 'deceased', date: '2026-03-03', reason: '报告' });
    expect(future).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'date', message: '死亡日期不能晚于今天（2026-03-02）' }] });
    const beforeBirth = await w.asErr('wang', 'residents.setStatus', { residentId: zheng, status: 'moved_out', date: '1950-01-01', reason: '迁出' });
    expect(beforeBirth).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'date', message: '迁出日期不能早于出生日期（1954-06-10）' }] });
    const movedTo = await w.asErr('wang', 'residents.setStatus', { residentId: zheng, status: 'deceased', date: '2026-03-01', reason: '报告', movedTo: '外省' });
    expect(movedTo.fields?.[0]?.path).toBe('movedTo');
    expect((await w.asErr('wang', 'residents.setStatus', { residentId: zheng, status: 'deceased', date: '2026-02-30', reason: '报告' })).fields?.[0]?.path).toBe('date');
    expect((await w.asErrRaw('wang', 'residents.setStatus', { residentId: zheng, status: 'registered', date: '2026-03-01', reason: '报告' })).fields?.[0]?.path).toBe('status');
    expect((await w.asErr('li', 'residents.setStatus', { residentId: zheng, status: 'deceased', date: '2026-03-01', reason: '报告' })).code).toBe('FORBIDDEN');
    expect((await w.asErr('wang', 'residents.setStatus', { residentId: 9999, status: 'deceased', date: '2026-03-01', reason: '报告' })).code).toBe('NOT_FOUND');
    expect(fingerprint(db)).toBe(print);
    expect((await w.asErr('li', 'residents.stopNotice', { residentId: zheng })).code).toBe('CONFLICT');
  });
});

describe('户籍: items for 本市户籍 only', () => {
  it('are never hinted to a resident of 外省市户籍; the precheck and the intake warn', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const local = await w.resident('冯老伯', { birth: '19540610' });
    const other = (await w.as('li', 'residents.register', { idNumber: makeId(41, '19540610'), name: '陈老伯', hukou: 'other', hukouDistrict: '江苏省南通市' })).id;
    expect(await w.as('li', 'residents.get', { id: other })).toMatchObject({ hukou: 'other', hukouDistrict: '江苏省南通市', status: 'registered', statusDate: null });
    expect((await w.as('li', 'residents.get', { id: local })).hukou).toBe('local');

    const hintCodes = async (id: number) => (await w.as('li', 'cases.precheck', { residentId: id })).hints.map((h) => h.itemCode);
    expect(await hintCodes(local)).toContain(LNJT);
    expect(await hintCodes(other)).not.toContain(LNJT);

    const pre = await w.as('li', 'cases.precheck', { residentId: other, itemCode: LNJT });
    expect(pre.warnings).toContainEqual(expect.objectContaining({ kind: 'requires_local_hukou', itemCode: LNJT }));
    expect(pre.warnings.find((x) => x.kind === 'requires_local_hukou')!.message).toContain('限本市户籍居民申请');
    expect((await w.as('li', 'cases.precheck', { residentId: local, itemCode: LNJT })).warnings.map((x) => x.kind)).not.toContain('requires_local_hukou');
    // An item open to everyone: no warning.
    expect((await w.as('li', 'cases.precheck', { residentId: other, itemCode: 'MZ-LSJZ-001' })).warnings.map((x) => x.kind)).not.toContain('requires_local_hukou');

    // The 户口簿 decides at the window: the clerk is warned, the case may still be taken in.
    const taken = await w.intake({ residentId: other, itemCode: LNJT, values: VALUES[LNJT] });
    expect(taken.warnings.map((x) => x.kind)).toContain('requires_local_hukou');

    // Corrected on the profile once the 户口 moved in: the warning goes.
    const updated = await w.as('li', 'residents.update', { id: other, hukou: 'local', hukouDistrict: '黄浦区' });
    expect(updated).toMatchObject({ hukou: 'local', hukouDistrict: '黄浦区' });
    expect((await w.as('li', 'cases.precheck', { residentId: other, itemCode: GLYY })).warnings.map((x) => x.kind)).not.toContain('requires_local_hukou');
    expect((await w.asErrRaw('li', 'residents.update', { id: other, hukou: 'shanghai' })).fields?.[0]?.path).toBe('hukou');
  });
});
