import { describe, expect, it } from 'vitest';
import { z } from '../../db/src/kernel/zod-zh';
import { createDispatcher } from '../../db/src/kernel/dispatch';
import { handler } from '../../db/src/kernel/handler';
import { handlers } from '../../db/src/handlers';
import { SessionStore } from '../../db/src/kernel/sessions';
import { fixedDatabaseFile } from '../../db/src/backups/database-file';
import { ADMIN, testCore, withPeople } from '../support/temp';

const taskNames = Object.entries(handlers as Record<string, { kind: string; roles: readonly string[] }>)
  .filter(([, spec]) => spec.kind === 'task')
  .map(([name]) => name);

/**
 * The gate is free when an exclusive task could start (a restore of a file that does not
 * exist gets as far as looking for it), a write is not refused as "restoring", and a
 * sign-in works.
 */
async function expectGateFree(core: ReturnType<typeof testCore>, admin: string) {
  const restore = await core.dispatch('backups.restore', { file: 'onewindow-20260101-093015-manual.sqlite' }, admin);
  expect(restore.ok ? 'ok' : restore.error.code).toBe('NOT_FOUND');
  const write = await core.dispatch('settings.update', { centreName: '闸门测试中心' }, admin);
  expect(write.ok ? 'ok' : write.error).toBe('ok');
  const login = await core.dispatch('accounts.login', { username: ADMIN.username, password: ADMIN.password });
  expect(login.ok ? 'ok' : login.error).toBe('ok');
}

describe('a refused call leaves the task gate as it found it', () => {
  it('knows the task handlers it guards', () => {
    expect(taskNames).toEqual(expect.arrayContaining(['accounts.login', 'backups.create', 'backups.restore', 'exports.run']));
  });

  it.each(taskNames)('%s refused for its input, its caller or its role leaves every task and write possible', async (name) => {
    const core = testCore();
    const { tokens } = await withPeople(core, { clerk1: ['clerk'] });
    const spec = (handlers as Record<string, { roles: readonly string[] }>)[name]!;

    // Refused input: the two repros of the issue and a non-object for every task.
    const bad = await core.dispatch(name, 42, tokens.admin);
    // Recovery handlers are refused by the mode, system ones by the role, before the input is read.
    const refusedAs = name.startsWith('recovery.') ? 'NOT_IN_RECOVERY' : spec.roles.includes('system') ? 'FORBIDDEN' : 'VALIDATION';
    expect(bad.ok ? 'ok' : bad.error.code).toBe(refusedAs);
    if (name === 'accounts.login') {
      const empty = await core.dispatch(name, { username: 'x', password: '' });
      expect(empty.ok ? 'ok' : empty.error.code).toBe('VALIDATION');
    }
    if (name === 'backups.restore') {
      const empty = await core.dispatch(name, {}, tokens.admin);
      expect(empty.ok ? 'ok' : empty.error.code).toBe('VALIDATION');
    }
    // Refused caller and role, where the handler needs them.
    if (!spec.roles.includes('public')) {
      const anonymous = await core.dispatch(name, {}, null);
      expect(anonymous.ok ? 'ok' : anonymous.error.code).toBe('UNAUTHENTICATED');
      if (!spec.roles.includes('clerk')) {
        const forbidden = await core.dispatch(name, {}, tokens.clerk1);
        expect(forbidden.ok ? 'ok' : forbidden.error.code).toBe('FORBIDDEN');
      }
    }

    await expectGateFree(core, tokens.admin!);
  });

  it('a task refused as busy, and a task that throws, leave the gate free too', async () => {
    const core = testCore();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sessions = new SessionStore();
    const dispatch = createDispatcher({
      handlers: {
        ...handlers,
        'test.slowTask': handler({
          summary: 'holds the gate until released',
          kind: 'task',
          roles: ['public'],
          input: z.object({}),
          run: async () => {
            await held;
            return { done: true };
          },
        }),
        'test.throwingTask': handler({
          summary: 'fails inside',
          kind: 'task',
          roles: ['public'],
          input: z.object({}),
          run: () => {
            throw new Error('boom');
          },
        }),
      },
      db: () => core.db,
      dbPath: core.dbPath,
      database: fixedDatabaseFile(core.dbPath, () => core.db),
      programVersion: 'test',
      sessions,
      now: () => new Date(),
      idleMinutes: () => 15,
      log: { error: () => {}, warn: () => {}, info: () => {} },
    });
    await withPeople(core);
    const token = (await dispatch('accounts.login', { username: ADMIN.username, password: ADMIN.password })) as { ok: true; result: { token: string } };
    expect(token.ok).toBe(true);
    const admin = token.result.token;

    const slow = dispatch('test.slowTask', {});
    const busy = await dispatch('backups.restore', { file: 'onewindow-20260101-093015-manual.sqlite' }, admin);
    expect(busy.ok ? 'ok' : busy.error.code).toBe('CONFLICT');
    release();
    expect((await slow).ok).toBe(true);

    const thrown = await dispatch('test.throwingTask', {});
    expect(thrown.ok ? 'ok' : thrown.error.code).toBe('INTERNAL');

    const restore = await dispatch('backups.restore', { file: 'onewindow-20260101-093015-manual.sqlite' }, admin);
    expect(restore.ok ? 'ok' : restore.error.code).toBe('NOT_FOUND');
    const write = await dispatch('settings.update', { centreName: '闸门测试中心' }, admin);
    expect(write.ok).toBe(true);
  });
});
