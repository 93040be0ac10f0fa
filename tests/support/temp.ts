import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../db/src/database/migrations';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openCore, type CoreOptions } from '../../db/src/core';
import { handlers } from '../../db/src/handlers';
import type { ApiErrorBody, HandlerName, HandlerOutput } from '../../db/src/contract';
import type { InputArg } from './handler-args';
import { staffId } from './ids';

const dirs: string[] = [];
const closers: (() => void)[] = [];

afterEach(() => {
  while (closers.length) closers.pop()!();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'onewindow-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function tempDbPath(): string {
  return join(tempDir(), 'test.sqlite');
}

/** A core on a real SQLite file in a temporary folder, closed after the test. */
export function testCore(options: Partial<CoreOptions> = {}) {
  const quiet = { error: () => {}, warn: () => {}, info: () => {} };
  const core = openCore({ dbPath: tempDbPath(), logger: quiet, ...options });
  closers.push(() => core.close());
  return core;
}

const staffTokens = new WeakMap<object, string>();

/**
 * A session of the first administrator holding every role, created on first use, for
 * tests about something else than roles (tests about roles use withPeople).
 */
async function staffToken(core: ReturnType<typeof testCore>): Promise<string> {
  const cached = staffTokens.get(core);
  if (cached && (await core.dispatch('accounts.me', {}, cached)).ok) return cached;
  const status = await core.dispatch('accounts.status', {});
  if (status.ok && !(status.result as { initialized: boolean }).initialized) {
    const setup = await core.dispatch('accounts.setup', ADMIN);
    if (!setup.ok) throw new Error(`setup failed: ${JSON.stringify(setup.error)}`);
  }
  let token = await core.login(ADMIN.username, ADMIN.password);
  const me = await core.dispatch('accounts.me', {}, token);
  if (me.ok && (me.result as { roles: string[] }).roles.length < 3) {
    // Nobody changes their own roles: a second administrator grants them.
    const granter = { username: 'granter', password: 'granter-pass-1', displayName: '授权管理员', staffIdNumber: staffId(999), roles: ['admin'] };
    const created = await core.dispatch('accounts.create', granter, token);
    if (!created.ok) throw new Error(`granter failed: ${JSON.stringify(created.error)}`);
    const granterToken = await core.login(granter.username, granter.password);
    const updated = await core.dispatch('accounts.update', { id: (me.result as { id: number }).id, roles: ['admin', 'clerk', 'reviewer'] }, granterToken);
    if (!updated.ok) throw new Error(`granting roles failed: ${JSON.stringify(updated.error)}`);
    token = await core.login(ADMIN.username, ADMIN.password);
  }
  staffTokens.set(core, token);
  return token;
}

async function callAsStaff(core: ReturnType<typeof testCore>, name: string, input: unknown) {
  const spec = Object.hasOwn(handlers, name) ? (handlers as Record<string, { roles: readonly string[] }>)[name] : undefined;
  const token = spec && !spec.roles.includes('public') ? await staffToken(core) : null;
  return core.dispatch(name, input, token);
}

export type { InputArg };

/**
 * Calls a handler (as the all-roles administrator when it needs a session) and returns its
 * result, failing the test with the error body otherwise. Name, input and result are typed
 * from the contract, so a misspelt handler or field fails the typecheck.
 */
export async function ok<K extends HandlerName>(core: ReturnType<typeof testCore>, name: K, ...[input]: InputArg<K>): Promise<HandlerOutput<K>> {
  return (await okRaw(core, name, input ?? {})) as HandlerOutput<K>;
}

/** Calls a handler that must fail (as ok() does) and returns its error body. */
export async function err<K extends HandlerName>(core: ReturnType<typeof testCore>, name: K, ...[input]: InputArg<K>): Promise<ApiErrorBody> {
  return errRaw(core, name, input ?? {});
}

/**
 * ok() without the contract's types, for input the contract refuses on purpose (the
 * bad-input corpus) and for tables that walk every handler name.
 */
export async function okRaw(core: ReturnType<typeof testCore>, name: string, input: unknown = {}): Promise<unknown> {
  const res = await callAsStaff(core, name, input);
  if (!res.ok) throw new Error(`${name} failed: ${JSON.stringify(res.error)}`);
  return res.result;
}

/** err() without the contract's types, as okRaw() is to ok(). */
export async function errRaw(core: ReturnType<typeof testCore>, name: string, input: unknown = {}): Promise<ApiErrorBody> {
  const res = await callAsStaff(core, name, input);
  if (res.ok) throw new Error(`${name} should have failed but returned ${JSON.stringify(res.result)}`);
  return res.error;
}

/**
 * A real SQLite file brought to an older schema version, for migration tests: put data
 * in through the returned connection, close it, then open the file with openCore or
 * openDatabase to apply the rest.
 */
export function dbAtVersion(version: number, path = tempDbPath()) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), version);
  return { db, path };
}

/** A clock tests can move: pass `clock.now` as the core's `now`. */
export function testClock(start = '2026-03-02T09:00:00+08:00') {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advanceMinutes(m: number) {
      t += m * 60_000;
    },
    set(iso: string) {
      t = new Date(iso).getTime();
    },
  };
}

// Distinct numbers for every account a test file makes (2–998; 1 is ADMIN's, 999 the granter's).
let staffSeq = 1;
export const nextStaffId = () => staffId((staffSeq++ % 997) + 2);

export const ADMIN = { username: 'admin', password: 'admin-pass-1', displayName: '王管理', staffIdNumber: staffId(1) };

/**
 * Sets up the first administrator and signs in people with the given roles.
 * Returns a token per user name and the helpers of personHelpers() acting as those people.
 */
export async function withPeople(core: ReturnType<typeof testCore>, people: Record<string, ('clerk' | 'reviewer' | 'admin')[]> = {}) {
  const status = await core.dispatch('accounts.status', {});
  if (status.ok && !(status.result as { initialized: boolean }).initialized) await ok(core, 'accounts.setup', ADMIN);
  const tokens: Record<string, string> = { admin: await core.login(ADMIN.username, ADMIN.password) };
  for (const [username, roles] of Object.entries(people)) {
    const res = await core.dispatch(
      'accounts.create',
      { username, password: `${username}-pass-1`, displayName: `测试${username}`, staffIdNumber: nextStaffId(), roles },
      tokens.admin,
    );
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    tokens[username] = await core.login(username, `${username}-pass-1`);
  }
  const call = (user: string, name: string, input: unknown) => core.dispatch(name, input, tokens[user]!);
  return { tokens, ...personHelpers(call) };
}

type Call = (user: string, name: string, input: unknown) => ReturnType<ReturnType<typeof testCore>['dispatch']>;

/**
 * `as` and `asErr` call a handler as a named person, typed from the contract; `asRaw` and
 * `asErrRaw` take any name and input, for input the contract refuses on purpose and for
 * tables that walk every handler name.
 */
export function personHelpers(call: Call) {
  const asRaw = async (user: string, name: string, input: unknown = {}): Promise<unknown> => {
    const res = await call(user, name, input);
    if (!res.ok) throw new Error(`${name} as ${user} failed: ${JSON.stringify(res.error)}`);
    return res.result;
  };
  const asErrRaw = async (user: string, name: string, input: unknown = {}): Promise<ApiErrorBody> => {
    const res = await call(user, name, input);
    if (res.ok) throw new Error(`${name} as ${user} should have failed: ${JSON.stringify(res.result)}`);
    return res.error;
  };
  const as = async <K extends HandlerName>(user: string, name: K, ...[input]: InputArg<K>): Promise<HandlerOutput<K>> =>
    (await asRaw(user, name, input ?? {})) as HandlerOutput<K>;
  const asErr = async <K extends HandlerName>(user: string, name: K, ...[input]: InputArg<K>): Promise<ApiErrorBody> => asErrRaw(user, name, input ?? {});
  return { as, asErr, asRaw, asErrRaw };
}

/**
 * Signs in with an account made before staff ID numbers (an upgraded file) and records a
 * number first, as the sign-in screen asks such a person to; returns the session token.
 */
export async function loginOldAccount(core: ReturnType<typeof testCore>, username: string, password: string): Promise<string> {
  const res = await core.dispatch('accounts.login', { username, password });
  if (!res.ok) throw new Error(`login failed: ${JSON.stringify(res.error)}`);
  const { token, needsStaffIdNumber } = res.result as { token: string; needsStaffIdNumber: boolean };
  if (needsStaffIdNumber) {
    const set = await core.dispatch('accounts.setStaffIdNumber', { staffIdNumber: nextStaffId() }, token);
    if (!set.ok) throw new Error(`setStaffIdNumber failed: ${JSON.stringify(set.error)}`);
  }
  return token;
}
