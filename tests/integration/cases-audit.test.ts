import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

describe('audit rows of the cases and beneficiaries writes', () => {
  it('every write handler records its own row with before/after, never a full ID number, and the chain verifies', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('审计', { birth: '19500101' });
    const { case: c } = await w.intake({ residentId: p, itemCode: 'MZ-LNJT-001', values: VALUES['MZ-LNJT-001'], decision: 'notify_missing', materials: w.fullMaterials('MZ-LNJT-001', ['bankCard']) });
    await w.as('li', 'cases.supplyMaterials', { caseId: c.id, materials: [{ key: 'bankCard', copies: 1 }] });
    await w.transition('wang', c.id, 'advance');
    const approved = await w.transition('chen', c.id, 'approve');
    const li = (w.core.db.prepare("SELECT id FROM users WHERE username = 'li'").get() as { id: number }).id;
    await w.as('admin', 'accounts.update', { id: li, windowNo: '1' });
    const offer = await w.as('li', 'cases.offerRating', { caseId: c.id, service: 'intake' });
    const rated = await w.core.dispatch('cases.rate', { serviceId: offer.serviceId, score: 1 }, null);
    expect(rated.ok).toBe(true);
    await w.as('zhao', 'cases.closeFollowUp', { caseId: c.id, note: '已回访', rectification: '已整改' });
    const change = await w.as('wang', 'beneficiaries.change', { id: approved.beneficiary!.id, monthlyAmount: 180, fromMonth: '2026-06', reason: '年龄段调整' });
    await w.as('chen', 'beneficiaries.confirmChange', { proposalId: change.proposal.id });
    const stop = await w.as('wang', 'beneficiaries.stop', { id: approved.beneficiary!.id, fromMonth: '2026-09', reason: '迁出本区' });
    await w.as('chen', 'beneficiaries.rejectChange', { proposalId: stop.proposal.id, reason: '迁出尚未核实' });
    const stop2 = await w.as('chen', 'beneficiaries.stop', { id: approved.beneficiary!.id, fromMonth: '2026-09', reason: '迁出本区，已核实' });
    await w.as('wang', 'beneficiaries.confirmChange', { proposalId: stop2.proposal.id });

    const rows = w.core.db
      .prepare("SELECT handler, action, record_type, record_id, before, after FROM audit_log WHERE handler LIKE 'cases.%' OR handler LIKE 'beneficiaries.%' ORDER BY id")
      .all() as { handler: string; action: string; record_type: string; record_id: string; before: string | null; after: string | null }[];
    expect(rows.map((r) => [r.handler, r.action, r.record_type])).toEqual([
      ['cases.intake', 'intake', 'case'],
      ['cases.supplyMaterials', 'supply_materials', 'case'],
      ['cases.transition', 'advance', 'case'],
      ['cases.transition', 'approve', 'case'],
      ['cases.transition', 'start', 'beneficiary'],
      ['cases.offerRating', 'offer_rating', 'case'],
      ['cases.rate', 'rate', 'case'],
      ['cases.closeFollowUp', 'close_follow_up', 'case'],
      ['beneficiaries.change', 'propose_change', 'beneficiary'],
      ['beneficiaries.confirmChange', 'change', 'beneficiary'],
      ['beneficiaries.stop', 'propose_stop', 'beneficiary'],
      ['beneficiaries.rejectChange', 'reject_change', 'beneficiary'],
      ['beneficiaries.stop', 'propose_stop', 'beneficiary'],
      ['beneficiaries.confirmChange', 'stop', 'beneficiary'],
    ]);
    // No generic 'call' rows: each handler wrote its own.
    expect(w.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'call'").get()).toEqual({ n: 0 });
    const approve = rows[3]!;
    expect(JSON.parse(approve.before!)).toMatchObject({ status: 'in_progress', stage: 'approval' });
    expect(JSON.parse(approve.after!)).toMatchObject({ status: 'approved', stage: null, completedOn: '2026-03-02' });
    expect(JSON.parse(rows[1]!.before!).materials.find((m: any) => m.key === 'bankCard')).toMatchObject({ received: 0 });
    expect(JSON.parse(rows[1]!.after!).materials.find((m: any) => m.key === 'bankCard')).toMatchObject({ received: 1 });
    expect(JSON.parse(rows[13]!.before!)).toMatchObject({ status: 'active', pendingChange: { kind: 'stop' } });
    expect(JSON.parse(rows[13]!.after!)).toMatchObject({ status: 'stopping', stopMonth: '2026-09', pendingChange: null });
    const idNumber = (w.core.db.prepare('SELECT id_number FROM residents WHERE id = ?').get(p) as { id_number: string }).id_number;
    const all = w.core.db.prepare('SELECT before, after, detail FROM audit_log').all();
    expect(JSON.stringify(all)).not.toContain(idNumber);
    await w.expectVerified();
  });
});
