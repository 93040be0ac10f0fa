import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../db/src/database/migrations';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openCore, type CoreOptions } from '../../db/src/core';

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

/** Calls a handler and returns its result, failing the test with the error body otherwise. */
export async function ok<T = any>(core: ReturnType<typeof testCore>, name: string, input: unknown = {}): Promise<T> {
  const res = await core.dispatch(name, input);
  if (!res.ok) throw new Error(`${name} failed: ${JSON.stringify(res.error)}`);
  return res.result as T;
}

/** Calls a handler that must fail and returns its error body. */
export async function err(core: ReturnType<typeof testCore>, name: string, input: unknown = {}) {
  const res = await core.dispatch(name, input);
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
