/**
 * 容缺受理: the result is issued only after the deferred material is supplied. Approval is
 * refused while it is awaited (不予批准 is not), then allowed, and the 发放名册 starts paying
 * from the approval's start month.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';
import { manifestOf, readXlsx } from '../support/exports';
import { tempDir } from '../support/temp';

const SHBT = 'CL-SHBT-001'; // 残疾人生活补贴, 200 元 a month; 低保或低收入家庭证明 may be deferred

describe('容缺: no approval while a deferred material is awaited', { timeout: 120_000 }, () => {
  it('refuses 审批通过 naming the awaited material and its promised day, allows it after the supply, and the roster pays from then', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const dir = tempDir('onewindow-deferred-');
    await w.as('admin', 'settings.update', { exportDir: dir });
    const p = await w.resident('郑残补');
    const { case: c } = await w.intake({
      residentId: p,
      itemCode: SHBT,
      values: VALUES[SHBT],
      decision: 'accept_deferred',
      deferred: [{ key: 'hardshipProof', dueDate: '2026-03-10' }],
      commitment: { signed: true },
    });
    w.setDay('2026-03-03');
    await w.transition('wang', c.id, 'advance');

    w.setDay('2026-03-04');
    const shown = await w.as('chen', 'cases.get', { id: c.id });
    // The case page has what it needs to show the awaited material beside the decision buttons.
    expect(shown.deferred).toEqual([{ key: 'hardshipProof', name: '低保或低收入家庭证明', dueDate: '2026-03-10', receivedOn: null, overdue: false }]);
    expect(shown.allowedActions.map((a) => a.action)).toEqual(expect.arrayContaining(['approve', 'reject']));

    const before = w.row(c.id);
    const events = w.eventCount(c.id);
    const e = await w.asErr('chen', 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意' });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('容缺受理的材料尚未补交：“低保或低收入家庭证明”（约定 2026-03-10 前补交）。材料补齐后方可审批通过；如不符合条件，仍可作出不予批准决定');
    expect(e.details).toEqual({ rule: 'deferred_outstanding', caseNo: c.caseNo, awaited: [{ key: 'hardshipProof', name: '低保或低收入家庭证明', dueDate: '2026-03-10' }] });
    expect(w.row(c.id)).toEqual(before);
    expect(w.eventCount(c.id)).toBe(events);
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 0 });

    w.setDay('2026-03-06');
    const supplied = await w.as('li', 'cases.supplyMaterials', { caseId: c.id, materials: [{ key: 'hardshipProof', copies: 1 }] });
    expect(supplied.case.deferred[0]).toMatchObject({ receivedOn: '2026-03-06' });
    const approved = await w.transition('chen', c.id, 'approve');
    expect(approved.case.status).toBe('approved');
    expect(approved.beneficiary).toMatchObject({ startMonth: '2026-04', latestAmount: 200 });

    w.setDay('2026-06-01');
    const months: Record<string, unknown[]> = {};
    for (const month of ['2026-03', '2026-04', '2026-05']) {
      const out = await w.as('admin', 'exports.run', { kind: 'roster', period: month });
      const m = manifestOf(join(dir, out.folderName!));
      const rows = await readXlsx(join(dir, out.folderName!, m.files.find((f: { format: string }) => f.format === 'xlsx').name));
      months[month] = rows.slice(1, -1).map((r) => [r[2], r[7], r[6]]);
    }
    expect(months).toEqual({ '2026-03': [], '2026-04': [['郑残补', SHBT, 200]], '2026-05': [['郑残补', SHBT, 200]] });
    await w.expectVerified();
  });

  it('不予批准 may still be decided while the material is awaited', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('王不符');
    const { case: c } = await w.intake({
      residentId: p,
      itemCode: SHBT,
      values: VALUES[SHBT],
      decision: 'accept_deferred',
      deferred: [{ key: 'hardshipProof', dueDate: '2026-03-10' }],
      commitment: { signed: true },
    });
    await w.transition('wang', c.id, 'advance');
    const out = await w.transition('chen', c.id, 'reject', { opinion: '残疾等级不符合条件' });
    expect(out.case.status).toBe('not_approved');
    expect(w.core.db.prepare('SELECT count(*) AS n FROM beneficiaries').get()).toEqual({ n: 0 });
  });
});
