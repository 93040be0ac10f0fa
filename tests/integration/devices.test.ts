import { describe, expect, it } from 'vitest';
import { authenticateDevice, pairDevice } from '../../db/src/devices/pairing';
import { testClock, testCore, withPeople } from '../support/temp';

const CENTRE = { fingerprint: 'AA:BB:CC', caFingerprint: 'DD:EE:FF' };

async function centre() {
  const clock = testClock('2026-12-07T09:00:00+08:00');
  const core = testCore({ centre: CENTRE, now: clock.now });
  const people = await withPeople(core, { clerk: ['clerk'], second: ['admin'] });
  const auditRows = () => core.db.prepare('SELECT handler, action, actor_name, record_id, before, after FROM audit_log WHERE record_type = ? ORDER BY id').all('device') as {
    handler: string; action: string; actor_name: string | null; record_id: string; before: string | null; after: string | null;
  }[];
  return { core, clock, auditRows, ...people };
}

describe('devices of a centre server: pairing codes, credentials, revocation', () => {
  it('an administrator creates a one-time 8-digit code valid 10 minutes; the client exchanges it once for a credential', async () => {
    const { core, clock, as, auditRows } = await centre();
    const created = await as('admin', 'devices.createPairingCode', { name: '3号窗口', windowNo: '3号窗口' });
    expect(created.code).toMatch(/^\d{8}$/);
    expect(created.fingerprint).toBe(CENTRE.fingerprint);
    expect(created.caFingerprint).toBe(CENTRE.caFingerprint);
    expect(Date.parse(created.expiresAt) - clock.now().getTime()).toBe(10 * 60_000);
    expect((await as('admin', 'devices.list'))).toMatchObject([{ name: '3号窗口', kind: 'workstation', windowNo: '3号窗口', state: 'pending', createdBy: '王管理' }]);

    clock.advanceMinutes(9);
    const paired = pairDevice(core.db, created.code, clock.now(), '192.168.1.23');
    expect(paired).toMatchObject({ deviceId: created.deviceId, name: '3号窗口', windowNo: '3号窗口' });
    expect(paired.credential.length).toBeGreaterThanOrEqual(43);
    // The credential is nowhere in the file, nor the code.
    const stored = JSON.stringify(core.db.prepare('SELECT * FROM devices').all()) + JSON.stringify(core.db.prepare('SELECT * FROM audit_log').all());
    expect(stored).not.toContain(paired.credential);
    expect(stored).not.toContain(created.code);

    expect(authenticateDevice(core.db, paired.credential, clock.now())).toEqual({ id: created.deviceId, name: '3号窗口', kind: 'workstation', windowNo: '3号窗口' });
    // Once: the same code does not pair a second device.
    expect(() => pairDevice(core.db, created.code, clock.now(), null)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    expect((await as('admin', 'devices.list'))[0]).toMatchObject({ state: 'paired', pairingExpiresAt: null });
    expect(auditRows().map((r) => [r.handler, r.action, r.actor_name])).toEqual([
      ['devices.createPairingCode', 'create', '王管理'],
      ['devices.pair', 'pair', null],
    ]);
    expect(JSON.parse(auditRows()[1]!.after!)).toMatchObject({ state: 'paired', from: '192.168.1.23' });
  });

  it('refuses an expired, a wrong and a malformed code, writing nothing; a new code for the same name replaces the old', async () => {
    const { core, clock, as, auditRows } = await centre();
    const first = await as('admin', 'devices.createPairingCode', { name: '自助查询机', kind: 'kiosk' });
    clock.advanceMinutes(10);
    const before = core.db.prepare('SELECT * FROM devices').all();
    for (const code of [first.code, first.code === '00000000' ? '00000001' : '00000000', '1234', 'abcdefgh', `${first.code} `]) {
      expect(() => pairDevice(core.db, code, clock.now(), null), code).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', message: expect.stringContaining('配对码无效或已过期') }));
    }
    expect(core.db.prepare('SELECT * FROM devices').all()).toEqual(before);
    expect((await as('admin', 'devices.list'))[0]).toMatchObject({ state: 'expired' });

    const second = await as('admin', 'devices.createPairingCode', { name: '自助查询机', kind: 'kiosk' });
    expect(second.deviceId).toBe(first.deviceId);
    const paired = pairDevice(core.db, second.code, clock.now(), null);
    expect(paired).toMatchObject({ kind: 'kiosk' });
    expect(auditRows().map((r) => r.action)).toEqual(['create', 'new-pairing-code', 'pair']);
    // A paired device's name is taken until it is revoked.
    const taken = await core.dispatch('devices.createPairingCode', { name: '自助查询机' }, (await withPeople(core)).tokens.admin);
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a revoked device is refused at its next call with its own code; unknown credentials are refused too', async () => {
    const { core, clock, as, asErr, auditRows } = await centre();
    const created = await as('admin', 'devices.createPairingCode', { name: '后台审核1' });
    const { credential, deviceId } = pairDevice(core.db, created.code, clock.now(), null);
    expect(() => authenticateDevice(core.db, `${credential}x`, clock.now())).toThrow(expect.objectContaining({ code: 'DEVICE_UNKNOWN' }));
    expect(() => authenticateDevice(core.db, null, clock.now())).toThrow(expect.objectContaining({ code: 'DEVICE_UNKNOWN' }));

    // A clerk may not revoke; nothing changes.
    expect(await asErr('clerk', 'devices.revoke', { deviceId })).toMatchObject({ code: 'FORBIDDEN' });
    expect(authenticateDevice(core.db, credential, clock.now()).id).toBe(deviceId);

    clock.advanceMinutes(1);
    expect(await as('second', 'devices.revoke', { deviceId })).toEqual({ deviceId, revokedAt: clock.now().toISOString() });
    expect(() => authenticateDevice(core.db, credential, clock.now())).toThrow(expect.objectContaining({ code: 'DEVICE_REVOKED', message: expect.stringContaining('后台审核1') }));
    expect(await asErr('admin', 'devices.revoke', { deviceId })).toMatchObject({ code: 'CONFLICT' });
    expect(await asErr('admin', 'devices.revoke', { deviceId: 999 })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await as('admin', 'devices.list'))[0]).toMatchObject({ state: 'revoked', revokedBy: '测试second' });
    expect(auditRows().at(-1)).toMatchObject({ handler: 'devices.revoke', action: 'revoke', actor_name: '测试second' });
    // Its name is free again for a replacement.
    expect((await as('admin', 'devices.createPairingCode', { name: '后台审核1' })).deviceId).not.toBe(deviceId);
  });

  it('remembers when a device was last seen, writing at most once a minute', async () => {
    const { core, clock, as } = await centre();
    const { credential } = pairDevice(core.db, (await as('admin', 'devices.createPairingCode', { name: '1号窗口' })).code, clock.now(), null);
    const seen = () => (core.db.prepare('SELECT last_seen_at FROM devices').get() as { last_seen_at: string }).last_seen_at;
    const pairedAt = seen();
    clock.advanceMinutes(0.5);
    authenticateDevice(core.db, credential, clock.now());
    expect(seen()).toBe(pairedAt);
    clock.advanceMinutes(1);
    authenticateDevice(core.db, credential, clock.now());
    expect(seen()).toBe(clock.now().toISOString());
  });

  it('a standalone computer has no devices to pair: the code is refused, nothing is written', async () => {
    const core = testCore();
    const { as, asErr } = await withPeople(core);
    expect(await asErr('admin', 'devices.createPairingCode', { name: '1号窗口' })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('单机') });
    expect(await as('admin', 'devices.list')).toEqual([]);
  });

  it('refuses bad names, kinds and window numbers in Chinese', async () => {
    const { asErr, asErrRaw, as } = await centre();
    await as('admin', 'settings.update', { windows: ['1号窗口', '2号窗口'] });
    expect(await asErr('admin', 'devices.createPairingCode', { name: '5号窗口', windowNo: '5号窗口' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('窗口应为：1号窗口、2号窗口') });
    for (const input of [{ name: '' }, { name: 'x'.repeat(41) }, { name: '窗口\u0000' }, { name: '1号窗口', kind: 'printer' }, { name: '1号窗口', windowNo: '' }, { name: '1号窗口', extra: 1 }]) {
      const e = await asErrRaw('admin', 'devices.createPairingCode', input);
      expect(e.code, JSON.stringify(input)).toBe('VALIDATION');
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
