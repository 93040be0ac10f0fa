/**
 * What the back-office screens (管理 → 审计日志, 备份) need of the core: the audit log
 * filtered by Shanghai days and shown masked, audit.verify's progress while it runs, and
 * each backup's last check remembered for the list.
 */
import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../../db/src/kernel/audit-chain';
import { backupsDirFor } from '../../db/src/backups/files';
import { bulkAudit } from '../support/bulk-audit';
import { makeId } from '../support/ids';
import { testClock, testCore, withPeople } from '../support/temp';

async function world(start = '2026-03-02T07:30:00+08:00') {
  const clock = testClock(start);
  const core = testCore({ now: clock.now });
  const people = await withPeople(core);
  return { clock, core, ...people };
}

describe('audit.list for the 审计日志 screen', () => {
  it('reads a date as a day in Shanghai, both ends included, and an offset time as that instant', async () => {
    const { clock, core, as: first } = await world('2026-03-02T07:30:00+08:00');
    // 07:30 in Shanghai is still the day before in UTC: the stored time is 2026-03-01T23:30Z.
    await first('admin', 'settings.update', { warningDays: 2 });
    clock.set('2026-03-03T09:00:00+08:00');
    // signed in again the next morning
    const { as } = await withPeople(core);
    await as('admin', 'settings.update', { warningDays: 3 });
    const days = async (input: { from?: string; to?: string }) =>
      (await as('admin', 'audit.list', { handler: 'settings.update', ...input })).items.map((r) => (r.after as { warningDays: number }).warningDays);

    expect(await days({ from: '2026-03-02', to: '2026-03-02' })).toEqual([2]);
    expect(await days({ from: '2026-03-03', to: '2026-03-03' })).toEqual([3]);
    expect(await days({ from: '2026-03-02' })).toEqual([3, 2]);
    expect(await days({ to: '2026-03-01' })).toEqual([]);
    expect(await days({ from: '2026-03-02T07:00:00+08:00', to: '2026-03-02T08:00:00+08:00' })).toEqual([2]);
  });

  it('masks identity, phone and bank numbers in before, after and detail; the stored row and chain are untouched', async () => {
    const { clock, core, as } = await world();
    const id = makeId(7, '19800101');
    appendAudit(core.db, { id: 1, name: '王管理' }, clock.now(), {
      handler: 'test.personal',
      action: 'update',
      recordType: 'resident',
      recordId: 1,
      before: { idNumber: id, phone: '13812345678', name: '张三' },
      after: { bankAccount: '6222020000001234567', members: [{ idNumber: id, relation: '子女' }] },
      // a case number of a centre with a six-digit code has eighteen digits too
      detail: { note: id, other: '021-12345678', count: 3, caseNo: '310101202603020001', digits: '310101202603020002' },
    });
    const [row] = (await as('admin', 'audit.list', { handler: 'test.personal' })).items;
    expect(row!.before).toEqual({ idNumber: `${id.slice(0, 6)}********${id.slice(-4)}`, phone: '138****5678', name: '张三' });
    expect(row!.after).toEqual({ bankAccount: '****4567', members: [{ idNumber: `${id.slice(0, 6)}********${id.slice(-4)}`, relation: '子女' }] });
    expect(row!.detail).toEqual({
      note: `${id.slice(0, 6)}********${id.slice(-4)}`,
      other: '021-12345678',
      count: 3,
      caseNo: '310101202603020001',
      // not an identity number: its check character is wrong
      digits: '310101202603020002',
    });
    const stored = core.db.prepare("SELECT before FROM audit_log WHERE handler = 'test.personal'").get() as { before: string };
    expect(stored.before).toContain(id);
    expect(await as('admin', 'audit.verify')).toMatchObject({ ok: true });
  });
});

describe('audit.verifyProgress', () => {
  it('reports nothing before a check, then the rows checked, the total and the result with its anchor', async () => {
    const { core, as } = await world();
    expect(await as('admin', 'audit.verifyProgress')).toMatchObject({ running: false, result: null, rows: 0 });
    // An anchor to show: a backup writes the chain's head beside the database.
    await as('admin', 'backups.create', { note: '锚定' });
    bulkAudit(core.db, 25_000);
    const total = (core.db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;

    const verifying = as('admin', 'audit.verify');
    let finished = false;
    void verifying.finally(() => (finished = true));
    const seen: number[] = [];
    // Asked while the chain is read on its worker: never more than the total, never backwards.
    while (!finished) {
      const p = await as('admin', 'audit.verifyProgress');
      if (p.running) {
        expect(p.total).toBe(total);
        seen.push(p.rows);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.every((n) => n <= total)).toBe(true);

    const result = await verifying;
    expect(result).toMatchObject({ ok: true, rows: total });
    const after = await as('admin', 'audit.verifyProgress');
    expect(after).toMatchObject({ running: false, rows: total, total, error: null, result: { ok: true, rows: total } });
    expect(after.result!.anchor).toMatchObject({ id: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(after.startedAt).not.toBeNull();
    expect(after.finishedAt).not.toBeNull();
  });

  it('keeps a broken chain’s finding as the last result', async () => {
    const { core, as } = await world();
    for (let i = 0; i < 3; i++) await as('admin', 'settings.update', { warningDays: 1 + i });
    const outside = new Database(core.dbPath);
    outside.exec('DROP TRIGGER audit_log_no_update');
    outside.prepare("UPDATE audit_log SET after = json_object('warningDays', 9) WHERE id = 3").run();
    outside.close();
    await as('admin', 'audit.verify');
    expect((await as('admin', 'audit.verifyProgress')).result).toMatchObject({ ok: false, firstBadId: 3 });
  });
});

describe('backups.list shows each copy’s last check', () => {
  it('is null before a check, remembers a good and a failed check, and keeps the note and audit head a restore needs', async () => {
    const { clock, core, as } = await world('2026-11-22T09:30:15+08:00');
    const made = await as('admin', 'backups.create', { note: '月末' });
    expect((await as('admin', 'backups.list'))[0]).toMatchObject({ file: made.file, note: '月末', lastCheck: null });

    clock.advanceMinutes(5);
    await as('admin', 'backups.verify', { file: made.file });
    const [checked] = await as('admin', 'backups.list');
    expect(checked).toMatchObject({ file: made.file, note: '月末', auditHead: made.auditHead, lastCheck: { ok: true, problems: [] } });
    expect(checked!.lastCheck!.schemaVersion).toBe(made.schemaVersion);

    // A restore still finds the head it checks the copy against.
    const restored = await as('admin', 'backups.restore', { file: made.file });
    expect(restored).toMatchObject({ restoredFrom: made.file });

    // A copy damaged on disk: its failed check is what the list shows.
    const { as: again } = await withPeople(core);
    clock.advanceMinutes(5);
    const second = await again('admin', 'backups.create', {});
    const fd = openSync(join(backupsDirFor(core.dbPath), second.file), 'r+');
    writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, 4096);
    closeSync(fd);
    const report = await again('admin', 'backups.verify', { file: second.file });
    expect(report.ok).toBe(false);
    const listed = (await again('admin', 'backups.list')).find((b) => b.file === second.file)!;
    expect(listed.lastCheck).toMatchObject({ ok: false, problems: report.problems });
  });
});
