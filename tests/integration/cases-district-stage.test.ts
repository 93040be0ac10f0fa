/**
 * 收受分离 at the centre: a 低保 case (decided by the 区民政局) goes through the centre's own
 * stages to 待区级审核确认 and stops there. The centre cannot approve or refuse it; the
 * applicant may still withdraw. Its clock is the centre's until the hand-off and the
 * district's after it, and a lapse after the hand-off is the district's (区级逾期).
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../db/src/calendar/dates';
import { caseWorld, VALUES } from '../support/cases';
import { handOffForTest } from '../support/district-stage';

const DB = 'MZ-DB-001';

type World = Awaited<ReturnType<typeof caseWorld>>;

async function districtWorld() {
  const w = await caseWorld('2026-03-02T09:00:00+08:00');
  let n = 0;
  /** A one-person 低保 household's case taken in today and walked (by wang) to 待区级审核确认 after its 公示. */
  async function atDistrict(): Promise<number> {
    n += 1;
    const head = await w.resident(`户主${n}`);
    await w.household(head);
    const { case: c } = await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB], means: w.householdMeans(head, [650]) });
    for (let i = 0; i < 3; i++) await w.transition('wang', c.id, 'advance');
    w.setDay(w.row(c.id).posting_ends_on as string);
    await w.transition('wang', c.id, 'advance', { opinion: '公示期满无异议，移交区民政局审核确认' });
    expect(w.row(c.id)).toMatchObject({ status: 'in_progress', stage: 'district', handed_off_on: null });
    return c.id;
  }
  const user = (username: string) => w.core.db.prepare('SELECT id, display_name AS name FROM users WHERE username = ?').get(username) as { id: number; name: string };
  const handOff = (caseId: number, day: string) => {
    w.setDay(day);
    return handOffForTest(w.core.db, caseId, day, user('wang'), w.clock.now());
  };
  return { ...w, atDistrict, handOff, user };
}

const auditCount = (w: World) => (w.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('待区级审核确认: the last stage of a district-decided item', () => {
  it('refuses the centre’s 审批通过 and 不予批准 with the rule in Chinese, and changes nothing', async () => {
    const w = await districtWorld();
    const id = await w.atDistrict();
    // (signed in again after the 公示 days: the sign-in is audited, the refusals are not)
    await w.as('chen', 'cases.get', { id });
    for (const action of ['approve', 'reject'] as const) {
      const before = { row: w.row(id), events: w.eventCount(id), audit: auditCount(w) };
      const e = await w.asErr('chen', 'cases.transition', { caseId: id, action, opinion: '同意', values: { assessedAmount: 900 } });
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toBe(
        `本事项由区民政局审核确认，本中心不能作出“${action === 'approve' ? '审批通过' : '不予批准'}”决定：办件在“待区级审核确认”环节移交区民政局，以导入的区级决定办结`,
      );
      expect(e.details).toMatchObject({ rule: 'district_decides', decidedBy: '区民政局' });
      expect({ row: w.row(id), events: w.eventCount(id), audit: auditCount(w) }).toEqual(before);
    }
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 0 });
    // Also before the case got there: the decision is never the centre's.
    const early = await w.intake({ residentId: await w.resident('户主早'), itemCode: 'MZ-TK-001', values: VALUES['MZ-TK-001'] });
    const refused = await w.asErr('chen', 'cases.transition', { caseId: early.case.id, action: 'approve', opinion: '同意' });
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'district_decides', decidedBy: '区民政局' } });
    await w.expectVerified();
  });

  it('offers only 撤回 there, to clerk and reviewer alike; every other step is refused with what is possible', async () => {
    const w = await districtWorld();
    const id = await w.atDistrict();
    for (const who of ['li', 'wang', 'chen']) {
      expect((await w.as(who, 'cases.get', { id })).allowedActions.map((a) => a.action), who).toEqual(['withdraw']);
    }
    const view = await w.as('chen', 'cases.get', { id });
    expect(view.stage).toMatchObject({ key: 'district', name: '待区级审核确认', kind: 'district', index: 4, total: 5 });
    expect(view.stages.map((s) => [s.name, s.state])).toEqual([
      ['入户调查', 'done'],
      ['初审', 'done'],
      ['民主评议', 'done'],
      ['公示', 'done'],
      ['待区级审核确认', 'current'],
    ]);
    for (const action of ['advance', 'extend', 'terminate'] as const) {
      const before = { row: w.row(id), events: w.eventCount(id) };
      const e = await w.asErr('wang', 'cases.transition', { caseId: id, action, opinion: '尝试' });
      expect(e.code, action).toBe('CONFLICT');
      expect(e.details, action).toMatchObject({ status: 'in_progress', stage: 'district', allowed: ['withdraw'], action });
      expect({ row: w.row(id), events: w.eventCount(id) }).toEqual(before);
    }
    // The applicant may still withdraw, before or after the hand-off.
    const handed = await w.atDistrict();
    w.handOff(handed, '2026-03-10');
    for (const caseId of [id, handed]) {
      const { case: done } = await w.transition('li', caseId, 'withdraw', { opinion: '申请人书面申请撤回' });
      expect(done).toMatchObject({ status: 'withdrawn', allowedActions: [], deadline: { status: 'done', owner: 'centre', clock: null } });
    }
    await w.expectVerified();
  });
});

describe('whose time limit runs', () => {
  it('the centre’s until the hand-off; then the 区民政局’s, 10 working days from the hand-off day; a lapse is 区级逾期, not the centre’s', async () => {
    const w = await districtWorld();
    const id = await w.atDistrict();
    const centreDue = w.row(id).due_on as string;
    const before = await w.as('li', 'cases.get', { id });
    expect(before.item.decidedBy).toBe('区民政局');
    expect(before.deadline).toMatchObject({ owner: 'centre', status: 'normal', label: '正常', clock: `本中心办理时限：30 个工作日，自 2026-03-02 受理起，截止 ${centreDue}` });
    expect(before.district).toEqual({
      decidedBy: '区民政局',
      timeLimitDays: 10,
      handedOffOn: null,
      handoffRunId: null,
      packageName: null,
      centreDueOn: null,
      centreOnTime: null,
      line: '待移交区民政局',
    });

    // Left in the 3/10 package: 10 working days after 3/10 is 3/24.
    const { runId } = w.handOff(id, '2026-03-10');
    const after = await w.as('li', 'cases.get', { id });
    expect(after.dates.dueOn).toBe('2026-03-24');
    expect(after.deadline).toMatchObject({ owner: 'district', status: 'normal', label: '区级办理中', clock: '区民政局办理时限：10 个工作日，自 2026-03-10 移交起，截止 2026-03-24' });
    expect(after.district).toEqual({
      decidedBy: '区民政局',
      timeLimitDays: 10,
      handedOffOn: '2026-03-10',
      handoffRunId: runId,
      packageName: '310101001_handoff_2026-03-10',
      centreDueOn: centreDue,
      centreOnTime: true,
      line: '已于 2026-03-10 随移交包 310101001_handoff_2026-03-10 移交区民政局',
    });
    expect(after.timeline.at(-1)).toMatchObject({ action: 'handoff', actionLabel: '移交区级审核确认', opinion: '移交区民政局审核确认' });
    expect(after.allowedActions.map((a) => a.action)).toEqual(['withdraw']);

    // A second case waits to be handed off: the centre's clock still runs on it.
    w.setDay('2026-03-10');
    const waiting = await w.atDistrict();
    const waitingDue = w.row(waiting).due_on as string;

    // After the district's due date: its lapse, listed apart from the centre's own.
    w.setDay('2026-03-25');
    const list = await w.as('wang', 'cases.list', { deadline: 'overdue', limit: 50 });
    expect(list.items.map((i) => [i.id, i.deadline.status, i.deadline.label, i.deadline.owner])).toEqual([[id, 'overdue', '区级逾期', 'district']]);
    let wl = await w.as('wang', 'cases.worklist', { person: 'all' });
    expect(wl.overdue.total).toBe(0);
    expect(wl.dueSoon.items.map((i) => i.id)).not.toContain(id);
    expect(wl.districtOverdue).toMatchObject({ total: 1, items: [{ id, deadline: { label: '区级逾期', owner: 'district', daysLeft: -1 } }] });
    // The clerk who took it in sees it among theirs too.
    expect((await w.as('li', 'cases.worklist', { group: 'districtOverdue' })).districtOverdue.items.map((i) => i.id)).toEqual([id]);
    expect((await w.as('li', 'cases.get', { id })).deadline).toMatchObject({ status: 'overdue', label: '区级逾期', owner: 'district' });

    // The one not handed off runs out on the centre's clock: the centre's 逾期.
    w.setDay(addDays(waitingDue, 1));
    wl = await w.as('wang', 'cases.worklist', { person: 'all' });
    expect(wl.overdue.items.map((i) => [i.id, i.deadline.label, i.deadline.owner])).toEqual([[waiting, '逾期', 'centre']]);
    expect(wl.districtOverdue.items.map((i) => i.id)).toEqual([id]);
    const waitingView = await w.as('wang', 'cases.get', { id: waiting });
    expect(waitingView.district!.line).toBe('待移交区民政局');
    expect(waitingView.deadline).toMatchObject({ owner: 'centre', label: '逾期' });
    await w.expectVerified();
  });

  it('a holiday calendar import moves a handed-off case’s due date on the district’s basis, from the hand-off day', async () => {
    const w = await districtWorld();
    const id = await w.atDistrict();
    w.handOff(id, '2026-03-10');
    expect(w.row(id).due_on).toBe('2026-03-24');
    const imported = await w.as('admin', 'calendar.import', { content: 'date,kind,name\n2026-03-20,holiday,测试假日\n' });
    expect(imported.replanned).toContainEqual({ caseId: id, caseNo: expect.any(String), from: '2026-03-24', to: '2026-03-25' });
    expect(w.row(id).due_on).toBe('2026-03-25');
    expect((await w.as('li', 'cases.get', { id })).deadline.clock).toBe('区民政局办理时限：10 个工作日，自 2026-03-10 移交起，截止 2026-03-25');
  });

  it('a centre-decided item has no district section and the centre’s clock', async () => {
    const w = await districtWorld();
    const p = await w.resident('陈津贴', { birth: '19500101' });
    const { case: c } = await w.intake({ residentId: p, itemCode: 'MZ-LNJT-001', values: VALUES['MZ-LNJT-001'] });
    expect(c.item.decidedBy).toBe('centre');
    expect(c.district).toBeNull();
    expect(c.deadline).toMatchObject({ owner: 'centre', clock: expect.stringMatching(/^本中心办理时限：\d+ 个工作日，自 2026-03-02 受理起，截止 \d{4}-\d{2}-\d{2}$/) });
  });
});

describe('catalogue.get: who decides', () => {
  it('names the authority for the district items, centre for the others and for versions stored before decidedBy existed', async () => {
    const w = await districtWorld();
    expect(await w.as('li', 'catalogue.get', { code: DB })).toMatchObject({ decidedBy: '区民政局', districtTimeLimitDays: 10 });
    // version 1 is the first seed, stored before the field existed
    const v1 = await w.as('li', 'catalogue.get', { code: DB, version: 1 });
    expect(v1).toMatchObject({ version: 1, decidedBy: 'centre' });
    expect(v1.districtTimeLimitDays).toBeUndefined();
    expect(await w.as('li', 'catalogue.get', { code: 'RS-SYDJ-001' })).toMatchObject({ decidedBy: 'centre' });
  });
});
