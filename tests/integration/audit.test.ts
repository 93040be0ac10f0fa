import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { testCore, withPeople } from '../support/temp';

describe('audit log', () => {
  it('records who changed what, with before and after, in a chain that verifies', async () => {
    const core = testCore();
    const { as } = await withPeople(core, { li: ['clerk'] });
    await as('admin', 'settings.update', { centreName: '新华路街道社区事务受理服务中心' });
    const page = await as('admin', 'audit.list', { handler: 'settings.update' });
    expect(page.items[0]).toMatchObject({
      actorName: '王管理',
      action: 'update',
      before: { centreName: '示范街道社区事务受理服务中心' },
      after: { centreName: '新华路街道社区事务受理服务中心' },
    });
    expect(await as('admin', 'audit.verify')).toMatchObject({ ok: true });
  });

  it('refuses UPDATE and DELETE through SQL', async () => {
    const core = testCore();
    await withPeople(core);
    expect(() => core.db.prepare("UPDATE audit_log SET actor_name = 'x' WHERE id = 1").run()).toThrow(/只能追加/);
    expect(() => core.db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/只能追加/);
  });

  it('finds a row edited by an outside tool that dropped the triggers, at the right row', async () => {
    const core = testCore();
    const { as } = await withPeople(core, { li: ['clerk'], wang: ['reviewer'] });
    for (let i = 0; i < 5; i++) await as('admin', 'settings.update', { warningDays: 1 + i });
    const total = (await as('admin', 'audit.verify')).rows as number;
    expect(total).toBeGreaterThan(8);

    const outside = new Database(core.dbPath);
    outside.exec('DROP TRIGGER audit_log_no_update');
    outside.prepare("UPDATE audit_log SET after = json_object('warningDays', 9) WHERE id = 7").run();
    outside.close();
    expect(await as('admin', 'audit.verify')).toMatchObject({ ok: false, firstBadId: 7 });
  });

  it('finds a deleted row in the middle of the chain', async () => {
    const core = testCore();
    const { as } = await withPeople(core);
    for (let i = 0; i < 4; i++) await as('admin', 'settings.update', { warningDays: 1 + i });
    const outside = new Database(core.dbPath);
    outside.exec('DROP TRIGGER audit_log_no_delete');
    outside.prepare('DELETE FROM audit_log WHERE id = 3').run();
    outside.close();
    expect(await as('admin', 'audit.verify')).toMatchObject({ ok: false, firstBadId: 3 });
  });

  it('keeps no row for a change that was refused, and no change without its row', async () => {
    const core = testCore();
    const { as, asErr } = await withPeople(core);
    const before = (core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    await asErr('admin', 'settings.update', { warningDays: 99 });
    await asErr('admin', 'accounts.update', { id: 1, active: false });
    expect((core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(before);
    await as('admin', 'settings.update', { warningDays: 4 });
    expect((core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(before + 1);
  });
});
