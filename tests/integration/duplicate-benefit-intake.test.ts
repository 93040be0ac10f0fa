/**
 * A second application for a benefit the person already receives: refused at intake unless
 * the clerk confirms it with a reason (情况有变化), which the timeline and the audit keep;
 * 不予受理 with the proposed reason is the default.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

const LNJT = 'MZ-LNJT-001';
const LNRT = 'MZ-LNRT-001'; // 老年日托, a service (no monthly payment)
const LSJZ = 'MZ-LSJZ-001'; // 临时救助: its own repeat rule

type World = Awaited<ReturnType<typeof caseWorld>>;

async function approved(w: World, residentId: number, itemCode: string) {
  const { case: c } = await w.intake({ residentId, itemCode, values: VALUES[itemCode] });
  for (let i = 1; i < c.stages.length; i++) await w.transition('wang', c.id, 'advance');
  return (await w.transition('chen', c.id, 'approve')).case;
}

const counts = (w: World) =>
  w.core.db.prepare('SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events, (SELECT count(*) FROM audit_log) AS audit').get();

describe('a second application for a benefit already received', { timeout: 120_000 }, () => {
  it('is refused without the confirmation, nothing written; the precheck proposes the refusal reason; accepted with it and recorded', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('冯七十', { birth: '19550101' });
    const first = await approved(w, p, LNJT);
    const reason = `申请人已享受老年综合津贴（办件 ${first.caseNo}，自2026-04起），不予重复受理`;

    w.setDay('2026-05-06');
    const pre = await w.as('li', 'cases.precheck', { residentId: p, itemCode: LNJT });
    expect(pre.duplicateBenefit).toEqual({ itemCode: LNJT, itemName: '老年综合津贴', caseNo: first.caseNo, source: 'beneficiary', since: '2026-04', refusalReason: reason });
    expect(pre.warnings).toMatchObject([{ kind: 'already_beneficiary', itemCode: LNJT, caseNo: first.caseNo }]);
    // Never suggested to the person receiving it.
    expect((await w.as('li', 'cases.precheck', { residentId: p })).hints.map((h) => h.itemCode)).not.toContain(LNJT);

    const before = counts(w);
    for (const decision of ['accept', 'accept_deferred', 'notify_missing'] as const) {
      const e = await w.asErr('li', 'cases.intake', {
        residentId: p,
        itemCode: LNJT,
        values: VALUES[LNJT],
        materials: decision === 'accept' ? w.fullMaterials(LNJT) : w.fullMaterials(LNJT, ['bankCard']),
        decision,
        idempotencyKey: randomUUID(),
      });
      expect(e.code, decision).toBe('CONFLICT');
      expect(e.message).toBe(`${reason}：如情况有变化确需受理，请勾选“情况有变化，确认仍予受理”并写明理由`);
      expect(e.details).toMatchObject({ rule: 'duplicate_benefit', duplicate: { caseNo: first.caseNo, refusalReason: reason } });
    }
    expect(counts(w)).toEqual(before);

    // The confirmation belongs to taking it in, not to a refusal.
    const mixed = await w.asErr('li', 'cases.intake', {
      residentId: p,
      itemCode: LNJT,
      decision: 'refuse',
      refusal: { reason },
      confirmDuplicate: { reason: '情况有变化' },
      idempotencyKey: randomUUID(),
    });
    expect(mixed).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'confirmDuplicate', message: '不予受理时无须确认重复受理' }] });
    expect(counts(w)).toEqual(before);

    // The default: 不予受理 with the proposed reason.
    const refused = await w.intake({ residentId: p, itemCode: LNJT, decision: 'refuse', refusal: { reason }, materials: [] });
    expect(refused.case).toMatchObject({ status: 'refused', refusal: { reason } });

    // Taken in anyway, with the clerk's reason: kept in the case's timeline and in the audit.
    const why = '情况有变化：申请人更换发放银行账户，确认仍予受理';
    const taken = await w.intake({ residentId: p, itemCode: LNJT, values: VALUES[LNJT], confirmDuplicate: { reason: why } });
    expect(taken.case.status).toBe('in_progress');
    const confirmed = { reason: why, itemCode: LNJT, caseNo: first.caseNo };
    expect(taken.case.timeline[0]).toMatchObject({ action: 'intake', detail: { duplicateConfirmed: confirmed } });
    const audit = w.core.db.prepare("SELECT detail FROM audit_log WHERE action = 'intake' AND record_id = ?").get(String(taken.case.id)) as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ duplicateConfirmed: confirmed });
    await w.expectVerified();
  });

  it('counts an approved service as received, but not 临时救助 (its own once-per-cause rule), nor a person without the benefit', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('褚日托', { birth: '19500101' });
    const first = await approved(w, p, LNRT);
    const pre = await w.as('li', 'cases.precheck', { residentId: p, itemCode: LNRT });
    expect(pre.duplicateBenefit).toMatchObject({ source: 'approved_case', caseNo: first.caseNo, refusalReason: `申请人已获批老年日托（办件 ${first.caseNo}，2026-03-02办结），不予重复受理` });
    expect(pre.warnings).toMatchObject([{ kind: 'already_beneficiary', caseNo: first.caseNo }]);
    expect((await w.asErr('li', 'cases.intake', { residentId: p, itemCode: LNRT, values: VALUES[LNRT], materials: w.fullMaterials(LNRT), decision: 'accept', idempotencyKey: randomUUID() })).code).toBe(
      'CONFLICT',
    );

    await w.household(p);
    const relief = await approved(w, p, LSJZ);
    expect(relief.status).toBe('approved');
    const again = await w.as('li', 'cases.precheck', { residentId: p, itemCode: LSJZ, values: { ...VALUES[LSJZ], cause: 'illness' } });
    expect(again.duplicateBenefit).toBeNull();
    expect((await w.intake({ residentId: p, itemCode: LSJZ, values: { ...VALUES[LSJZ], cause: 'illness' } })).case.status).toBe('in_progress');

    const other = await w.resident('陈没有');
    expect((await w.as('li', 'cases.precheck', { residentId: other, itemCode: LNRT })).duplicateBenefit).toBeNull();
    // A confirmation sent where there is no duplicate changes nothing.
    const plain = await w.intake({ residentId: other, itemCode: LNRT, values: VALUES[LNRT], confirmDuplicate: { reason: '无' } });
    expect(plain.case.timeline[0]!.detail).not.toHaveProperty('duplicateConfirmed');
  });
});
