import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MONTHLY_COLUMNS } from '../../db/src/exports/kinds/monthly';
import { caseWorld, VALUES } from '../support/cases';
import { manifestOf, readXlsx, type Row } from '../support/exports';
import { tempDir } from '../support/temp';

/** A world whose clerks stand at windows 1 and 2; the rating screen calls without a session. */
async function ratingWorld() {
  const w = await caseWorld('2026-09-24T10:00:00+08:00');
  const ids = Object.fromEntries((w.core.db.prepare('SELECT id, username FROM users').all() as { id: number; username: string }[]).map((u) => [u.username, u.id]));
  await w.as('admin', 'accounts.update', { id: ids.li!, windowNo: '1' });
  await w.as('admin', 'accounts.update', { id: ids.zhao!, windowNo: '2' });
  await w.as('admin', 'accounts.update', { id: ids.both!, windowNo: '3' });
  /** the resident's screen: no session, like the /rate page */
  const screen = async (name: 'cases.rate' | 'cases.ratingOffer', input: unknown) => w.core.dispatch(name, input, null);
  const ratingCount = () => (w.core.db.prepare('SELECT count(*) AS n FROM case_ratings').get() as { n: number }).n;
  return { ...w, ids, screen, ratingCount };
}

/** Takes a 失业登记 through its stages to approval, the reviewers taking turns. */
async function approve(w: Awaited<ReturnType<typeof ratingWorld>>, caseId: number) {
  for (let turn = 0; turn < 10; turn++) {
    const reviewer = turn % 2 === 0 ? 'wang' : 'chen';
    const c = await w.as(reviewer, 'cases.get', { id: caseId });
    if (c.status !== 'in_progress') return c;
    const actions = c.allowedActions.map((a) => a.action);
    await w.transition(reviewer, caseId, actions.includes('approve') ? 'approve' : 'advance');
  }
  throw new Error('case did not complete');
}

describe('ratings (好差评) by the resident, one per service', () => {
  it('the counter offers the rating on its window screen; only the resident (no staff session) rates; one rating per service', async () => {
    const w = await ratingWorld();
    const p = await w.resident('评价人');
    const { case: c } = await w.intake({ residentId: p, itemCode: 'RS-SYDJ-001', values: VALUES['RS-SYDJ-001'] });

    expect(await w.screen('cases.ratingOffer', { windowNo: '1' })).toEqual({ ok: true, result: null });
    const offer = await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'intake' });
    expect(offer).toMatchObject({ service: '受理', windowNo: '1' });
    // The screen of window 1 shows it (no resident's name), window 2's does not.
    const shown = await w.screen('cases.ratingOffer', { windowNo: '1' });
    expect(shown).toEqual({ ok: true, result: { serviceId: offer.serviceId, service: '受理', itemName: '失业登记', windowNo: '1', servedBy: '测试li', offerEndsAt: offer.offerEndsAt } });
    expect(JSON.stringify(shown)).not.toContain('评价人');
    expect(await w.screen('cases.ratingOffer', { windowNo: '2' })).toEqual({ ok: true, result: null });

    // The clerk who served cannot rate it, nor can any other member of staff; nothing is written.
    const own = await w.asErr('li', 'cases.rate', { serviceId: offer.serviceId, score: 5 });
    expect(own).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'own_rating' } });
    expect(own.message).toContain('不能为自己办理的业务评价');
    expect(await w.asErr('zhao', 'cases.rate', { serviceId: offer.serviceId, score: 5 })).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'staff_rating' } });
    expect(await w.asErr('admin', 'cases.rate', { serviceId: offer.serviceId, score: 5 })).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'staff_rating' } });
    expect(w.ratingCount()).toBe(0);

    // Reasons only for the low ones; a reason outside the list is refused.
    const good = await w.screen('cases.rate', { serviceId: offer.serviceId, score: 5, reasons: ['等候时间长'] });
    expect(good.ok ? null : good.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'reasons' }] });
    const odd = await w.screen('cases.rate', { serviceId: offer.serviceId, score: 2, reasons: ['不喜欢'] });
    expect(odd.ok ? null : odd.error.code).toBe('VALIDATION');
    expect(w.ratingCount()).toBe(0);

    const low = await w.screen('cases.rate', { serviceId: offer.serviceId, score: 2, reasons: ['等候时间长', '告知不清楚'] });
    expect(low).toEqual({ ok: true, result: { serviceId: offer.serviceId, score: 2, label: '不满意', followUp: true } });
    // Answered: the screen goes back to waiting; the same service is not rated or offered again.
    expect(await w.screen('cases.ratingOffer', { windowNo: '1' })).toEqual({ ok: true, result: null });
    const again = await w.screen('cases.rate', { serviceId: offer.serviceId, score: 5 });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'CONFLICT', details: { rule: 'rated' } });
    expect(await w.asErr('li', 'cases.offerRating', { caseId: c.id, service: 'intake' })).toMatchObject({ code: 'CONFLICT', details: { rule: 'rated' } });
    expect(await w.asErr('li', 'cases.offerRating', { caseId: c.id, service: 'result_notice' })).toMatchObject({ code: 'CONFLICT', details: { rule: 'no_service' } });
    expect(w.ratingCount()).toBe(1);

    // The person who served learns only that a rating came; a reviewer sees it.
    const seenByLi = await w.as('li', 'cases.get', { id: c.id });
    expect(seenByLi.services).toMatchObject([{ kind: 'intake', label: '受理', rated: true, rating: null, servedBy: { name: '测试li' } }]);
    expect(seenByLi.rating).toBeNull();
    // nor that it was low: the 回访 is not shown to them
    expect(seenByLi.followUps).toEqual([]);
    expect(seenByLi.followUp).toBeNull();
    const seenByWang = await w.as('wang', 'cases.get', { id: c.id });
    expect(seenByWang.services[0]!.rating).toMatchObject({ score: 2, label: '不满意', reasons: ['等候时间长', '告知不清楚'] });

    // The result notice is a service of its own, rated separately.
    await approve(w, c.id);
    const notice = await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'result_notice' });
    expect(notice.service).toBe('领取结果通知');
    expect(await w.screen('cases.rate', { serviceId: notice.serviceId, score: 4 })).toMatchObject({ ok: true, result: { label: '满意', followUp: false } });
    const both = await w.as('wang', 'cases.get', { id: c.id });
    expect(both.services.map((s) => [s.kind, s.rating?.score])).toEqual([
      ['intake', 2],
      ['result_notice', 4],
    ]);
    await w.expectVerified();
  });

  it('each 补正 delivery is a service; an offer runs out; a screen paired to a window rates only its window; a window without number cannot offer', async () => {
    const w = await ratingWorld();
    const p = await w.resident('补正人');
    const item = 'RS-SYDJ-001';
    const all = w.fullMaterials(item);
    const { case: c } = await w.intake({ residentId: p, itemCode: item, values: VALUES[item], decision: 'notify_missing', materials: all.slice(1) }, 'zhao');
    expect(await w.asErr('zhao', 'cases.offerRating', { caseId: c.id, service: 'supply' })).toMatchObject({ code: 'CONFLICT', details: { rule: 'no_service' } });
    await w.as('li', 'cases.supplyMaterials', { caseId: c.id, materials: [all[0]!] });
    const supply = await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'supply' });
    expect(supply).toMatchObject({ service: '补正/容缺材料递交', windowNo: '1' });

    // Three minutes untouched: the offer has run out and the screen waits again.
    w.clock.set('2026-09-24T10:04:00+08:00');
    expect(await w.screen('cases.ratingOffer', { windowNo: '1' })).toEqual({ ok: true, result: null });
    const late = await w.screen('cases.rate', { serviceId: supply.serviceId, score: 5 });
    expect(late.ok ? null : late.error).toMatchObject({ code: 'CONFLICT', details: { rule: 'offer_ended' } });
    // Offered again, rated once.
    await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'supply' });
    // A screen paired to window 2 may not answer window 1's offer.
    const elsewhere = await w.core.dispatch('cases.rate', { serviceId: supply.serviceId, score: 5 }, null, { device: { id: 9, name: '2号窗评价屏', kind: 'kiosk', windowNo: '2' } });
    expect(elsewhere.ok ? null : elsewhere.error).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'other_window' } });
    expect(await w.screen('cases.rate', { serviceId: supply.serviceId, score: 5 })).toMatchObject({ ok: true });
    // the intake (by zhao) and the delivery (by li) are two services of the case
    const intake = await w.as('zhao', 'cases.offerRating', { caseId: c.id, service: 'intake' });
    expect(await w.screen('cases.ratingOffer', { windowNo: '2' })).toMatchObject({ ok: true, result: { serviceId: intake.serviceId, servedBy: '测试zhao' } });
    // A kiosk paired as window 2's rating screen is answered for its own window, whatever it asks.
    const paired = { device: { id: 9, name: '2号窗评价屏', kind: 'kiosk', windowNo: '2' } as const };
    expect(await w.core.dispatch('cases.ratingOffer', { windowNo: '1' }, null, paired)).toMatchObject({ ok: true, result: { serviceId: intake.serviceId } });
    expect(await w.screen('cases.rate', { serviceId: intake.serviceId, score: 3 })).toMatchObject({ ok: true });
    expect((await w.as('chen', 'cases.get', { id: c.id })).services.map((s) => [s.kind, s.servedBy.name, s.rating?.score])).toEqual([
      ['supply', '测试li', 5],
      ['intake', '测试zhao', 3],
    ]);

    // The rating screen must know its window.
    const noWindow = await w.screen('cases.ratingOffer', {});
    expect(noWindow.ok ? null : noWindow.error.code).toBe('VALIDATION');
    await w.as('admin', 'accounts.update', { id: w.ids.chen!, windowNo: null });
    const p2 = await w.resident('无窗口');
    const { case: d } = await w.intake({ residentId: p2, itemCode: item, values: VALUES[item] });
    expect(await w.asErr('chen', 'cases.offerRating', { caseId: d.id, service: 'intake' })).toMatchObject({ code: 'CONFLICT', details: { rule: 'no_window' } });
    await w.expectVerified();
  });

  it('a 差评 opens a 回访 due in 15 working days, done by someone other than the rated clerk, recording the rectification', async () => {
    const w = await ratingWorld();
    const p = await w.resident('差评人');
    const { case: c } = await w.intake({ residentId: p, itemCode: 'RS-SYDJ-001', values: VALUES['RS-SYDJ-001'] });
    const offer = await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'intake' });
    await w.screen('cases.rate', { serviceId: offer.serviceId, score: 1, reasons: ['服务态度不好'], comment: '态度生硬' });
    // 15 working days after Thu 9/24: 中秋 9/25–9/27 and 国庆 10/1–10/7 off, 10/10 (Sat) works.
    const seen = await w.as('wang', 'cases.get', { id: c.id });
    expect(seen.followUps).toMatchObject([{ serviceLabel: '受理', score: 1, clerkName: '测试li', openedOn: '2026-09-24', dueOn: '2026-10-22', closedAt: null, overdue: false }]);

    // Not in the rated clerk's own list (they may not do it), in everyone else's.
    expect((await w.as('li', 'cases.worklist', {})).followUps.total).toBe(0);
    expect((await w.as('zhao', 'cases.worklist', {})).followUps).toMatchObject({ total: 1, items: [{ caseNo: c.caseNo, followUp: { score: 1, dueOn: '2026-10-22' } }] });
    expect((await w.as('wang', 'cases.worklist', { person: 'all' })).followUps.total).toBe(1);

    const own = await w.asErr('li', 'cases.closeFollowUp', { caseId: c.id, note: '已回访', rectification: '已改正' });
    expect(own).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'own_follow_up' } });
    expect(own.message).toContain('须由其他工作人员完成');
    expect((await w.asErrRaw('zhao', 'cases.closeFollowUp', { caseId: c.id, note: '已回访' })).code).toBe('VALIDATION');
    w.setDay('2026-10-23');
    expect((await w.as('zhao', 'cases.get', { id: c.id })).followUp!.overdue).toBe(true);
    const closed = await w.as('wang', 'cases.closeFollowUp', { caseId: c.id, note: '电话回访，已致歉', rectification: '窗口服务用语培训，高峰时段增开窗口' });
    expect(closed.followUp).toMatchObject({ closedBy: '测试wang', note: '电话回访，已致歉', rectification: '窗口服务用语培训，高峰时段增开窗口', overdue: false });
    expect((await w.asErr('zhao', 'cases.closeFollowUp', { caseId: c.id, note: '再次', rectification: '再次' })).code).toBe('CONFLICT');
    expect((await w.as('zhao', 'cases.worklist', {})).followUps.total).toBe(0);
    expect(closed.timeline.map((e) => e.action)).toEqual(['intake', 'follow_up_closed']);
    await w.expectVerified();
  });
});

describe('the 月报 counts the residents’ ratings', () => {
  it('评价数, 满意率, 差评数 and 差评整改率 per item and in total, the month by Shanghai’s day, read back from the exported file', async () => {
    const w = await ratingWorld();
    const dir = tempDir('onewindow-monthly-ratings-');
    await w.as('admin', 'settings.update', { exportDir: dir });
    const rateIntake = async (name: string, score: number) => {
      const p = await w.resident(name);
      const { case: c } = await w.intake({ residentId: p, itemCode: 'RS-SYDJ-001', values: VALUES['RS-SYDJ-001'] });
      const { serviceId } = await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'intake' });
      const res = await w.screen('cases.rate', { serviceId, score, ...(score <= 2 ? { reasons: ['等候时间长'] } : {}) });
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      return c;
    };
    // September: five ratings, two of them 差评; one 回访 closed in September, one in October.
    w.setDay('2026-09-28');
    await rateIntake('甲', 5);
    await rateIntake('乙', 3);
    const low1 = await rateIntake('丙', 1);
    const low2 = await rateIntake('丁', 2);
    // 23:59 on 9/30 in Shanghai is still September (15:59 UTC)
    w.clock.set('2026-09-30T23:59:00+08:00');
    await rateIntake('戊', 4);
    await w.as('zhao', 'cases.closeFollowUp', { caseId: low1.id, note: '已回访', rectification: '增开窗口' });
    // 00:01 on 10/1 in Shanghai is October
    w.clock.set('2026-10-08T00:01:00+08:00');
    await rateIntake('己', 2);
    await w.as('zhao', 'cases.closeFollowUp', { caseId: low2.id, note: '已回访', rectification: '告知单补充' });
    w.setDay('2026-11-02');

    const out = await w.as('admin', 'exports.run', { kind: 'monthly', period: '2026-09' });
    const folder = join(dir, out.folderName!);
    expect(manifestOf(folder).layoutVersion).toBe(3);
    const m = manifestOf(folder);
    const rows = await readXlsx(join(folder, m.files.find((f: { format: string }) => f.format === 'xlsx').name));
    const col = (name: string) => MONTHLY_COLUMNS.findIndex((c) => c.name === name);
    const figures = (row: Row) => ['评价数', '满意率（%）', '差评数', '差评整改率（%）', '评价数（上月）', '满意率（上月，%）'].map((n) => row[col(n)] ?? null);
    const item = rows.find((r) => r[3] === 'RS-SYDJ-001')!;
    // September: 甲 5, 乙 3, 丙 1, 丁 2, 戊 4 → 3 of 5 基本满意 or better; 2 差评, 1 put right by 9/30.
    expect(figures(item)).toEqual([5, 60, 2, 50, 0, null]);
    expect(figures(rows.find((r) => r[1] === '合计')!)).toEqual([5, 60, 2, 50, 0, null]);
    expect(figures(rows.find((r) => r[3] === 'RS-CYFC-001')!)).toEqual([0, null, 0, null, 0, null]);

    const october = await w.as('admin', 'exports.run', { kind: 'monthly', period: '2026-10' });
    const f2 = join(dir, october.folderName!);
    const rows2 = await readXlsx(join(f2, manifestOf(f2).files.find((f: { format: string }) => f.format === 'xlsx').name));
    expect(figures(rows2.find((r) => r[1] === '合计')!)).toEqual([1, 0, 1, 0, 5, 60]);
  });
});
