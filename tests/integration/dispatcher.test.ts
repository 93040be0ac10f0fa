import { describe, expect, it } from 'vitest';
import { z } from '../../db/src/kernel/zod-zh';
import { createDispatcher } from '../../db/src/kernel/dispatch';
import { handler, type HandlerSpec } from '../../db/src/kernel/handler';
import { handlers } from '../../db/src/handlers';
import { SessionStore } from '../../db/src/kernel/sessions';
import { fixedDatabaseFile } from '../../db/src/backups/database-file';
import { err, errRaw, ok, testCore } from '../support/temp';

/** The real handlers plus test-only ones, over the test core's database. */
function dispatcherWith(
  core: ReturnType<typeof testCore>,
  extra: Record<string, HandlerSpec<any, unknown>>,
  onError: (message: string, err: unknown) => void = () => {},
) {
  return createDispatcher({
    handlers: { ...handlers, ...extra },
    db: () => core.db,
    dbPath: core.dbPath,
    database: fixedDatabaseFile(core.dbPath, () => core.db),
    programVersion: 'test',
    sessions: new SessionStore(),
    now: () => new Date(),
    idleMinutes: () => 15,
    log: { error: onError, warn: () => {}, info: () => {} },
  });
}

describe('dispatcher', () => {
  it('answers an unknown handler with NOT_FOUND', async () => {
    const core = testCore();
    const e = await errRaw(core, 'nothing.here', {});
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('nothing.here');
    // Object prototype names are not handlers either.
    expect((await errRaw(core, 'constructor', {})).code).toBe('NOT_FOUND');
  });

  it('validates input before the handler runs, with Chinese messages and field paths', async () => {
    const core = testCore();
    const e = await errRaw(core, 'settings.update', { centreName: 42, bogus: true });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields?.map((f) => f.path).sort()).toEqual(['', 'centreName']);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await ok(core, 'settings.get')).centreName).toBe('示范街道社区事务受理服务中心');
  });

  it('rolls back a write handler that fails half-way', async () => {
    const core = testCore();
    const failing = {
      'test.halfWrite': handler({
        summary: 'writes then fails',
        kind: 'write',
        roles: ['public'],
        input: z.object({}),
        run: (ctx) => {
          ctx.db.prepare("UPDATE settings SET value = json_quote('改到一半') WHERE key = 'centreName'").run();
          throw new Error('disk on fire at /secret/path');
        },
      }),
    };
    const logged: string[] = [];
    const dispatch = dispatcherWith(core, failing, (m, e) => logged.push(`${m} ${(e as Error).stack}`));
    const res = await dispatch('test.halfWrite', {});
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('INTERNAL');
    // The caller learns nothing about the internals; the log keeps the stack.
    expect(JSON.stringify(res.error)).not.toMatch(/secret|stack|at /);
    expect(logged[0]).toMatch(/disk on fire/);
    expect((await ok(core, 'settings.get')).centreName).toBe('示范街道社区事务受理服务中心');
  });

  it('refuses a write that records no audit row, and keeps nothing of it', async () => {
    const core = testCore();
    const silent = {
      'test.silentWrite': handler({
        summary: 'writes without telling the audit log',
        kind: 'write',
        roles: ['public'],
        input: z.object({}),
        run: (ctx) => {
          ctx.db.prepare("UPDATE settings SET value = json_quote('悄悄改的') WHERE key = 'centreName'").run();
          return { done: true };
        },
      }),
    };
    const dispatch = dispatcherWith(core, silent);
    const res = await dispatch('test.silentWrite', {});
    expect(res.ok ? 'ok' : res.error.code).toBe('INTERNAL');
    expect((await ok(core, 'settings.get')).centreName).toBe('示范街道社区事务受理服务中心');
  });

  it('reports program, schema and SQLite versions', async () => {
    const core = testCore();
    const info = await ok(core, 'system.info');
    expect(info.programVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.schemaVersion).toBe(core.db.pragma('user_version', { simple: true }));
    expect(info.databasePath).toBe(core.dbPath);
    expect(info.sqliteVersion).toMatch(/^3\./);
  });
});
