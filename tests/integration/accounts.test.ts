import { describe, expect, it } from 'vitest';
import { ADMIN, err, nextStaffId, ok, testClock, testCore, withPeople } from '../support/temp';

describe('accounts', () => {
  it('first start creates the administrator once; there is no default account', async () => {
    const core = testCore();
    expect(await ok(core, 'accounts.status')).toEqual({ initialized: false });
    expect((await err(core, 'accounts.login', { username: 'admin', password: 'admin' })).code).toBe('UNAUTHENTICATED');
    const admin = await ok(core, 'accounts.setup', ADMIN);
    expect(admin.roles).toEqual(['admin']);
    expect(JSON.stringify(admin)).not.toMatch(/scrypt|hash/);
    const again = await err(core, 'accounts.setup', { ...ADMIN, username: 'other' });
    expect(again.code).toBe('CONFLICT');
    expect(await ok(core, 'accounts.status')).toEqual({ initialized: true });
  });

  it('stores passwords as salted scrypt hashes and refuses short ones', async () => {
    const core = testCore();
    expect((await err(core, 'accounts.setup', { ...ADMIN, password: 'short' })).fields?.[0]?.path).toBe('password');
    await ok(core, 'accounts.setup', ADMIN);
    const { as } = await withPeopleAfterSetup(core);
    await as('admin', 'accounts.create', { username: 'li', password: ADMIN.password, displayName: '李四', staffIdNumber: nextStaffId(), roles: ['clerk'] });
    const hashes = core.db.prepare('SELECT password_hash FROM users ORDER BY id').all() as { password_hash: string }[];
    expect(hashes[0]!.password_hash).toMatch(/^scrypt\$/);
    // Same password, different salt, different hash.
    expect(hashes[0]!.password_hash).not.toBe(hashes[1]!.password_hash);
    expect(hashes.map((h) => h.password_hash).join()).not.toContain(ADMIN.password);
  });

  it('gives the same answer for an unknown name and a wrong password', async () => {
    const core = testCore();
    await ok(core, 'accounts.setup', ADMIN);
    const unknown = await err(core, 'accounts.login', { username: 'nobody', password: 'whatever-1' });
    const wrong = await err(core, 'accounts.login', { username: 'admin', password: 'whatever-1' });
    expect(unknown).toEqual(wrong);
  });

  it('locks an account for 15 minutes after five failed sign-ins, and an admin can unlock it', async () => {
    const clock = testClock();
    const core = testCore({ now: clock.now });
    await withPeople(core, { zhang: ['clerk'] });
    for (let i = 0; i < 5; i++) await err(core, 'accounts.login', { username: 'zhang', password: 'bad-password' });
    // Locked: even the right password is refused, with the same sentence.
    const locked = await err(core, 'accounts.login', { username: 'zhang', password: 'zhang-pass-1' });
    expect(locked.code).toBe('UNAUTHENTICATED');
    clock.advanceMinutes(14);
    expect((await err(core, 'accounts.login', { username: 'zhang', password: 'zhang-pass-1' })).code).toBe('UNAUTHENTICATED');
    clock.advanceMinutes(2);
    expect((await ok(core, 'accounts.login', { username: 'zhang', password: 'zhang-pass-1' })).token).toBeTruthy();

    for (let i = 0; i < 5; i++) await err(core, 'accounts.login', { username: 'zhang', password: 'bad-password' });
    // The administrator's own session has gone idle meanwhile: sign in again.
    const admin = await core.login(ADMIN.username, ADMIN.password);
    const list = await core.dispatch('accounts.list', {}, admin);
    const zhang = (list.ok ? (list.result as { username: string; id: number; lockedUntil: string | null }[]) : []).find((a) => a.username === 'zhang')!;
    expect(zhang.lockedUntil).not.toBeNull();
    expect((await core.dispatch('accounts.update', { id: zhang.id, unlock: true }, admin)).ok).toBe(true);
    expect((await ok(core, 'accounts.login', { username: 'zhang', password: 'zhang-pass-1' })).token).toBeTruthy();
  });

  it('ends a session at logout and after the idle time', async () => {
    const clock = testClock();
    const core = testCore({ now: clock.now });
    const { tokens, as } = await withPeople(core, { li: ['clerk'] });
    await as('li', 'accounts.me');
    clock.advanceMinutes(14);
    await as('li', 'accounts.me'); // activity keeps it alive
    clock.advanceMinutes(16);
    const expired = await core.dispatch('accounts.me', {}, tokens.li!);
    expect(!expired.ok && expired.error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'idle' } });

    const admin = await core.login('admin', 'admin-pass-1');
    expect((await core.dispatch('settings.update', { idleMinutes: 60 }, admin)).ok).toBe(true);
    const token = await core.login('li', 'li-pass-1');
    clock.advanceMinutes(45);
    expect((await core.dispatch('accounts.me', {}, token)).ok).toBe(true);
    await core.dispatch('accounts.logout', {}, token);
    expect((await core.dispatch('accounts.me', {}, token)).ok).toBe(false);
  });

  it('takes the acting person from the session, never from the input', async () => {
    const core = testCore();
    const { as } = await withPeople(core, { li: ['clerk'] });
    const me = await as('li', 'accounts.me');
    expect(me.username).toBe('li');
    const bad = await core.dispatch('accounts.me', { userId: 1 }, null);
    expect(bad.ok).toBe(false);
  });

  it('refuses to take away the last administrator', async () => {
    const core = testCore();
    const { asErr } = await withPeople(core);
    const e = await asErr('admin', 'accounts.update', { id: 1, active: false });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/最后一个管理员/);
  });

  it('lets a person change their own password and ends other sessions on a reset', async () => {
    const core = testCore();
    const { as, asErr, tokens } = await withPeople(core, { li: ['clerk'] });
    expect((await asErr('li', 'accounts.changePassword', { currentPassword: 'nope-nope', newPassword: 'new-pass-123' })).fields?.[0]?.path).toBe(
      'currentPassword',
    );
    await as('li', 'accounts.changePassword', { currentPassword: 'li-pass-1', newPassword: 'new-pass-123' });
    await core.login('li', 'new-pass-123');
    const li = (await as('admin', 'accounts.list')).find((a) => a.username === 'li')!;
    await as('admin', 'accounts.update', { id: li.id, resetPassword: 'reset-pass-1' });
    expect((await core.dispatch('accounts.me', {}, tokens.li!)).ok).toBe(false);
  });
});

async function withPeopleAfterSetup(core: ReturnType<typeof testCore>) {
  const token = await core.login(ADMIN.username, ADMIN.password);
  return {
    as: async (_user: 'admin', name: string, input: unknown) => {
      const res = await core.dispatch(name, input, token);
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      return res.result;
    },
  };
}
