import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';
import { ADMIN, testClock, testCore, withPeople } from '../support/temp';
import { pairDevice } from '../../db/src/devices/pairing';

const WINDOW_3 = { id: 3, name: '3号窗口', kind: 'workstation', windowNo: '3号窗口' } as const;
const BACK_OFFICE = { id: 4, name: '后台审核1', kind: 'workstation', windowNo: null } as const;
const KIOSK = { id: 5, name: '自助查询机', kind: 'kiosk', windowNo: null } as const;
const DB = 'MZ-DB-001';

describe('calls from a centre server’s devices', () => {
  it('a session belongs to the device it was started on: elsewhere, or without a device, it is no session', async () => {
    const core = testCore();
    await withPeople(core, { li: ['clerk'] });
    const login = await core.dispatch('accounts.login', { username: 'li', password: 'li-pass-1' }, null, { device: WINDOW_3 });
    if (!login.ok) throw new Error(JSON.stringify(login.error));
    const { token } = login.result as { token: string };
    expect((await core.dispatch('accounts.me', {}, token, { device: WINDOW_3 })).ok).toBe(true);
    for (const origin of [{ device: BACK_OFFICE }, {}]) {
      expect(await core.dispatch('accounts.me', {}, token, origin)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { reason: 'other_device' } } });
    }
    // A session of the local host is not usable from a device either.
    const local = await core.login('li', 'li-pass-1');
    expect(await core.dispatch('accounts.me', {}, local, { device: WINDOW_3 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await core.dispatch('accounts.me', {}, local)).ok).toBe(true);
  });

  it('a case accepted on a device carries the device’s window, whoever signs in there', async () => {
    const w = await caseWorld('2026-12-07T09:00:00+08:00');
    await w.as('admin', 'accounts.update', { id: (w.core.db.prepare("SELECT id FROM users WHERE username = 'li'").get() as { id: number }).id, windowNo: '1号窗口' });
    const head = await w.resident('张三');
    await w.household(head);
    const login = await w.core.dispatch('accounts.login', { username: 'li', password: 'li-pass-1' }, null, { device: WINDOW_3 });
    const { token } = (login as { ok: true; result: { token: string } }).result;
    const accepted = await w.core.dispatch(
      'cases.intake',
      { idempotencyKey: 'k-window-3', residentId: head, itemCode: DB, decision: 'accept', values: VALUES[DB], materials: w.fullMaterials(DB), means: w.householdMeans(head) },
      token,
      { device: WINDOW_3 },
    );
    if (!accepted.ok) throw new Error(JSON.stringify(accepted.error));
    expect(w.row((accepted.result as { case: { id: number } }).case.id).window_no).toBe('3号窗口');
  });

  it('two windows taking the same resident and item at the same moment: one case, and a CONFLICT naming the other window', async () => {
    const w = await caseWorld('2026-12-07T09:00:00+08:00');
    const head = await w.resident('张三');
    await w.household(head);
    const WINDOW_5 = { id: 6, name: '5号窗口', kind: 'workstation', windowNo: '5号窗口' } as const;
    const signIn = async (username: string, device: typeof WINDOW_3 | typeof WINDOW_5) =>
      ((await w.core.dispatch('accounts.login', { username, password: `${username}-pass-1` }, null, { device })) as { ok: true; result: { token: string } }).result.token;
    const [li, zhao] = [await signIn('li', WINDOW_3), await signIn('zhao', WINDOW_5)];
    const intake = (token: string, device: typeof WINDOW_3 | typeof WINDOW_5, key: string) =>
      w.core.dispatch('cases.intake', { idempotencyKey: key, residentId: head, itemCode: DB, decision: 'accept', values: VALUES[DB], materials: w.fullMaterials(DB), means: w.householdMeans(head) }, token, { device });
    const answers = await Promise.all([intake(li, WINDOW_3, 'key-window-3'), intake(zhao, WINDOW_5, 'key-window-5')]);
    expect(answers.filter((a) => a.ok), JSON.stringify(answers)).toHaveLength(1);
    const refused = answers.find((a) => !a.ok) as { ok: false; error: { code: string; message: string } };
    expect(refused.error.code).toBe('CONFLICT');
    const winner = answers[0]!.ok ? '3号窗口' : '5号窗口';
    expect(refused.error.message).toContain(`${winner}受理`);
    expect((w.core.db.prepare('SELECT count(*) AS n FROM cases WHERE resident_id = ?').get(head) as { n: number }).n).toBe(1);
  });

  it('a kiosk may only look up a case’s progress, without a session, and learns no name or number', async () => {
    const w = await caseWorld('2026-12-07T09:00:00+08:00');
    const head = await w.resident('张三');
    await w.household(head);
    const { case: c } = await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB], means: w.householdMeans(head) });
    const idNumber = (w.core.db.prepare('SELECT id_number FROM residents WHERE id = ?').get(head) as { id_number: string }).id_number;
    const last4 = idNumber.slice(-4).toLowerCase();

    const found = await w.core.dispatch('cases.publicStatus', { caseNo: ` ${c.caseNo.toLowerCase()} `, idLast4: last4 }, null, { device: KIOSK });
    expect(found).toEqual({
      ok: true,
      result: { caseNo: c.caseNo, itemName: '最低生活保障', status: 'in_progress', statusLabel: '办理中', stageName: expect.any(String), receivedOn: '2026-12-07', dueOn: expect.stringMatching(/^2027-|^2026-12-/), completedOn: null },
    });
    const text = JSON.stringify(found);
    expect(text).not.toContain('张三');
    expect(text).not.toContain(idNumber);

    // A wrong ID and an unknown number get the same answer.
    const wrongId = await w.core.dispatch('cases.publicStatus', { caseNo: c.caseNo, idLast4: last4 === '0000' ? '0001' : '0000' }, null, { device: KIOSK });
    const unknown = await w.core.dispatch('cases.publicStatus', { caseNo: `${c.caseNo.slice(0, -4)}9999`, idLast4: last4 }, null, { device: KIOSK });
    expect(wrongId).toEqual(unknown);
    expect(wrongId).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('未查到该办件') } });

    // Everything else is refused to a kiosk, even with a staff session copied onto it.
    const token = await w.core.login(ADMIN.username, ADMIN.password);
    for (const [name, input] of [['cases.get', { id: c.id }], ['residents.search', { query: '张三' }], ['settings.get', {}], ['accounts.login', { username: 'li', password: 'li-pass-1' }]] as const) {
      expect(await w.core.dispatch(name, input, token, { device: KIOSK }), name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'kiosk' } } });
    }
    expect(await w.core.dispatch('cases.publicStatus', { caseNo: c.caseNo, idLast4: '12' }, null, { device: KIOSK })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('后四位') } });
  });

  it('revoking a device signs out whoever is signed in on it', async () => {
    const clock = testClock('2026-12-07T09:00:00+08:00');
    const core = testCore({ now: clock.now, centre: { fingerprint: 'AA', caFingerprint: 'BB' } });
    const { as } = await withPeople(core, { li: ['clerk'], second: ['admin'] });
    const created = await as('admin', 'devices.createPairingCode', { name: '3号窗口' });
    const paired = pairDevice(core.db, created.code, clock.now(), null);
    const device = { id: paired.deviceId, name: paired.name, kind: paired.kind, windowNo: paired.windowNo };
    const login = await core.dispatch('accounts.login', { username: 'li', password: 'li-pass-1' }, null, { device });
    const { token } = (login as { ok: true; result: { token: string } }).result;
    expect((await core.dispatch('accounts.me', {}, token, { device })).ok).toBe(true);
    await as('second', 'devices.revoke', { deviceId: paired.deviceId });
    expect(await core.dispatch('accounts.me', {}, token, { device })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
