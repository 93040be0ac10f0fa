import { describe, expect, it } from 'vitest';
import { rosterKind } from '../../db/src/exports/kinds/roster';
import { caseWorld } from '../support/cases';

const JJYL = 'MZ-JJYL-001';
const VALUES = { livingAlone: true, monthlyPension: 2100, careGrade: '二级' };

/** The 发放名册 of a month as the export writes it: [name, item code, amount in fen] per row. */
function roster(db: any, month: string) {
  const out = rosterKind.open(db, { from: month, to: month }, `${month}-28`);
  return [...out.rows].map((r) => [r[2], r[6]]);
}

/** Every row a refused review could have left behind. */
function footprint(db: any) {
  const all = (sql: string) => db.prepare(sql).all();
  return JSON.stringify([
    all('SELECT * FROM benefit_reviews'),
    all('SELECT * FROM beneficiary_change_proposals'),
    all('SELECT * FROM beneficiary_changes'),
    all('SELECT * FROM beneficiaries'),
    all('SELECT count(*) FROM audit_log'),
  ]);
}

/** 居家养老服务补贴 at 照护等级 二级 (300 元 in the seed's example table): accepted by li, checked by wang, approved by chen. */
async function approvedAtGradeTwo() {
  const w = await caseWorld('2026-03-02T09:00:00+08:00');
  const p = await w.resident('周阿婆', { birth: '19440315', sex: 'female' });
  const { case: c } = await w.intake({ residentId: p, itemCode: JJYL, values: VALUES });
  await w.transition('wang', c.id, 'advance');
  const done = await w.transition('chen', c.id, 'approve');
  return { w, db: w.core.db, c, id: done.beneficiary!.id, approved: done.beneficiary! };
}

/** Signs the people in again after the clock moved (a sign-in is audited), before a footprint is taken. */
async function awake(w: Awaited<ReturnType<typeof caseWorld>>, ...users: string[]) {
  for (const u of users) await w.as(u, 'beneficiaries.reviewsDue', { from: '2026-01', to: '2026-01' });
}

const due = async (w: Awaited<ReturnType<typeof caseWorld>>, from: string, to = from) =>
  (await w.as('wang', 'beneficiaries.reviewsDue', { from, to })).items.map((r) => [r.beneficiary.resident.name, r.dueMonth, r.cycle]);

describe('居家养老服务补贴 by assessment grade and its annual review (复核)', () => {
  it('requires the grade from the assessment at intake and pays the grade amount from the approval', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('吴阿公', { birth: '19450601' });
    const { careGrade: _, ...withoutGrade } = VALUES;
    const refused = await w.asErr('li', 'cases.intake', {
      idempotencyKey: 'jjyl-no-grade-1',
      residentId: p,
      itemCode: JJYL,
      decision: 'accept',
      materials: w.fullMaterials(JJYL),
      values: withoutGrade,
    });
    expect(refused.code).toBe('VALIDATION');
    expect(JSON.stringify(refused.fields)).toContain('照护等级');
    const { case: c } = await w.intake({ residentId: p, itemCode: JJYL, values: { ...VALUES, careGrade: '五级' } });
    await w.transition('wang', c.id, 'advance');
    const done = await w.transition('chen', c.id, 'approve');
    expect(done.beneficiary).toMatchObject({ startMonth: '2026-04', latestAmount: 600, annualReview: true, review: { grade: '五级', nextDueMonth: '2027-04', pending: null, history: [] } });
    expect(roster(w.core.db, '2026-04')).toEqual([['吴阿公', 60000]]);
  });

  it('grade 二级 → due a year later → review changes it to 四级 → paid only once a second reviewer confirms, from the effective month', async () => {
    const { w, db, id, approved } = await approvedAtGradeTwo();
    expect(approved).toMatchObject({ startMonth: '2026-04', latestAmount: 300, review: { nextDueMonth: '2027-04', grade: '二级' } });

    // Due in the month a year after the start, not before.
    expect(await due(w, '2026-04', '2027-03')).toEqual([]);
    expect(await due(w, '2027-04')).toEqual([['周阿婆', '2027-04', 1]]);

    w.setDay('2027-04-12');
    await awake(w, 'wang', 'chen');
    const before = footprint(db);
    // Refused, leaving nothing behind: a grade the table does not have, an amount typed for an item paid by grade, a review dated tomorrow.
    const notInTable = await w.asErr('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'change', reviewedOn: '2027-04-12', opinion: '复评', grade: '一级' });
    expect(notInTable).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'grade', message: '等级“一级”不在居家养老服务补贴的等级金额表中（可选：二级、三级、四级、五级、六级）' }] });
    const typed = await w.asErr('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'change', reviewedOn: '2027-04-12', opinion: '复评', monthlyAmount: 800 });
    expect(typed).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'monthlyAmount' }] });
    const sameGrade = await w.asErr('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'change', reviewedOn: '2027-04-12', opinion: '复评', grade: '二级' });
    expect(sameGrade).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'grade' }] });
    expect((await w.asErr('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'confirm', reviewedOn: '2027-04-13', opinion: '复评' })).code).toBe('VALIDATION');
    expect(footprint(db)).toBe(before);

    const recorded = await w.as('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'change', reviewedOn: '2027-04-12', opinion: '复评照护等级为四级', grade: '四级' });
    expect(recorded.review).toMatchObject({ outcome: 'change', grade: '四级', monthlyAmount: 500, fromMonth: '2027-05', status: 'pending', reviewedBy: '测试wang', dueMonth: '2027-04' });
    expect(recorded.beneficiary).toMatchObject({ latestAmount: 300, pendingChange: { amount: 500, effectiveMonth: '2027-05', reason: '年度复核：复评照护等级为四级' }, review: { grade: '二级' } });
    // Pending: still due, still paid the old amount.
    expect(await due(w, '2027-04')).toEqual([['周阿婆', '2027-04', 1]]);
    expect(roster(db, '2027-05')).toEqual([['周阿婆', 30000]]);

    // The reviewer cannot confirm their own review's change; a second review waits for the first; both leave nothing behind.
    const pendingState = footprint(db);
    const own = await w.asErr('wang', 'beneficiaries.confirmChange', { proposalId: recorded.review.proposalId! });
    expect(own).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'four_eyes' } });
    const second = await w.asErr('chen', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'confirm', reviewedOn: '2027-04-12', opinion: '维持' });
    expect(second.code).toBe('CONFLICT');
    expect(second.message).toContain('待确认的复核');
    expect(footprint(db)).toBe(pendingState);

    const confirmed = await w.as('chen', 'beneficiaries.confirmChange', { proposalId: recorded.review.proposalId! });
    expect(confirmed.beneficiary).toMatchObject({ latestAmount: 500, pendingChange: null, review: { grade: '四级', nextDueMonth: '2028-04', pending: null } });
    expect(confirmed.beneficiary.review.history).toMatchObject([{ outcome: 'change', status: 'done', reviewedBy: '测试wang', decidedBy: '测试chen', grade: '四级' }]);
    for (const [month, fen] of [['2027-03', 30000], ['2027-04', 30000], ['2027-05', 50000], ['2027-06', 50000], ['2028-01', 50000]] as const) {
      expect(roster(db, month), month).toEqual([['周阿婆', fen]]);
    }
    // Reviewed: off this month's list, due again a year after the review.
    expect(await due(w, '2027-04', '2028-03')).toEqual([]);
    expect(await due(w, '2028-04')).toEqual([['周阿婆', '2028-04', 2]]);

    // A confirm is in force at once and moves the next due date a year on.
    w.setDay('2028-04-09');
    const kept = await w.as('chen', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'confirm', reviewedOn: '2028-04-09', opinion: '情况未变，继续享受' });
    expect(kept.review).toMatchObject({ outcome: 'confirm', status: 'done', proposalId: null, decidedBy: null, dueMonth: '2028-04' });
    expect(kept.beneficiary).toMatchObject({ latestAmount: 500, pendingChange: null, review: { nextDueMonth: '2029-04', grade: '四级' } });
    expect(await due(w, '2028-04', '2029-03')).toEqual([]);
    expect(await due(w, '2029-04')).toEqual([['周阿婆', '2029-04', 3]]);

    // A stop through review: two-person as well, then the roster ends.
    w.setDay('2029-04-20');
    const stop = await w.as('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'stop', reviewedOn: '2029-04-20', opinion: '已入住养老机构，不再居家照护' });
    expect(stop.review).toMatchObject({ outcome: 'stop', fromMonth: '2029-05', status: 'pending' });
    expect(roster(db, '2029-05')).toEqual([['周阿婆', 50000]]);
    const stopped = await w.as('chen', 'beneficiaries.confirmChange', { proposalId: stop.review.proposalId! });
    expect(stopped.beneficiary).toMatchObject({ stopMonth: '2029-05', review: { nextDueMonth: null } });
    expect(roster(db, '2029-04')).toEqual([['周阿婆', 50000]]);
    expect(roster(db, '2029-05')).toEqual([]);
    expect(roster(db, '2030-01')).toEqual([]);
    expect(await due(w, '2029-04', '2031-12')).toEqual([]);
    expect((await w.as('wang', 'beneficiaries.reviewsDue', { from: '2031-01', to: '2031-01' })).overdue).toEqual([]);

    // A stopped benefit is not reviewed again.
    const after = footprint(db);
    const late = await w.asErr('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'confirm', reviewedOn: '2029-04-20', opinion: '维持' });
    expect(late).toMatchObject({ code: 'CONFLICT' });
    expect(late.message).toContain('停发');
    expect(footprint(db)).toBe(after);
    await w.expectVerified();
  });

  it('a rejected change leaves the benefit due and unchanged; the audit names each step', async () => {
    const { w, db, id } = await approvedAtGradeTwo();
    w.setDay('2027-04-12');
    const r = await w.as('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'change', reviewedOn: '2027-04-12', opinion: '复评为三级', grade: '三级', fromMonth: '2027-06' });
    const rejected = await w.as('chen', 'beneficiaries.rejectChange', { proposalId: r.review.proposalId!, reason: '评估结果告知书未见三级结论' });
    expect(rejected.beneficiary).toMatchObject({ latestAmount: 300, review: { nextDueMonth: '2027-04', grade: '二级', pending: null } });
    expect(rejected.beneficiary.review.history).toMatchObject([{ status: 'rejected', decidedBy: '测试chen', rejectReason: '评估结果告知书未见三级结论' }]);
    expect(await due(w, '2027-04')).toEqual([['周阿婆', '2027-04', 1]]);
    expect(roster(db, '2027-06')).toEqual([['周阿婆', 30000]]);
    // Not reviewed by the end of its month: next month's list names it as overdue.
    const may = await w.as('wang', 'beneficiaries.reviewsDue', { from: '2027-05', to: '2027-05' });
    expect(may.items).toEqual([]);
    expect(may.overdue.map((r) => [r.beneficiary.resident.name, r.dueMonth])).toEqual([['周阿婆', '2027-04']]);
    expect((await w.as('wang', 'beneficiaries.reviewsDue', { from: '2027-04', to: '2027-04' })).overdue).toEqual([]);
    const audit = db.prepare("SELECT handler, action FROM audit_log WHERE handler LIKE 'beneficiaries.%' ORDER BY id").all();
    expect(audit).toEqual([
      { handler: 'beneficiaries.recordReview', action: 'review' },
      { handler: 'beneficiaries.rejectChange', action: 'reject_change' },
    ]);
  });

  it('the administrator edits the grade table: a refused table saves nothing, a saved one prices the next grade change', async () => {
    const { w, db, id } = await approvedAtGradeTwo();
    const { version: _v, savedAt: _s, currentVersion, retired: _r, retiredAt: _ra, retiredReason: _rr, ...definition } = await w.as('admin', 'catalogue.get', { code: JJYL });
    const table = definition.recurring!.gradeAmounts!;
    const versions = () => db.prepare('SELECT count(*) AS n FROM catalogue_item_versions WHERE code = ?').get(JJYL);
    const before = versions();
    const missing = await w.asErr('admin', 'catalogue.save', {
      definition: { ...definition, recurring: { gradeAmounts: { ...table, amounts: table.amounts.filter((a) => a.grade !== '六级') } } },
      expectedCurrentVersion: currentVersion,
    });
    expect(missing).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'definition.recurring.gradeAmounts.amounts', message: '等级“六级”没有设置每月金额' }] });
    expect(versions()).toEqual(before);
    await w.as('admin', 'catalogue.save', {
      definition: { ...definition, recurring: { gradeAmounts: { ...table, amounts: table.amounts.map((a) => (a.grade === '四级' ? { ...a, monthlyAmount: 550 } : a)) } } },
      expectedCurrentVersion: currentVersion,
    });
    w.setDay('2027-04-12');
    const r = await w.as('wang', 'beneficiaries.recordReview', { beneficiaryId: id, outcome: 'change', reviewedOn: '2027-04-12', opinion: '复评四级', grade: '四级' });
    expect(r.review).toMatchObject({ grade: '四级', monthlyAmount: 550 });
    await w.as('chen', 'beneficiaries.confirmChange', { proposalId: r.review.proposalId! });
    expect(roster(db, '2027-04')).toEqual([['周阿婆', 30000]]);
    expect(roster(db, '2027-05')).toEqual([['周阿婆', 55000]]);
  });
});
